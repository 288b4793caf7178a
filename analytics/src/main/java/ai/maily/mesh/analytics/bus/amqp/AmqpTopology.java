package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Inbox;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Map;

/**
 * Declares the {@link BusTopology} on a broker: durable topic exchanges, and for each inbox a
 * durable queue bound to its exchange, its retry queues and its dead-letter queue. A retry queue
 * holds each message for its delay ({@code x-message-ttl}), then dead-letters it through the
 * default exchange back to the inbox's queue. Declaring is idempotent, so every connection does it;
 * a queue that exists with other arguments makes the broker close the channel, and the error says
 * which.
 */
public final class AmqpTopology {

  private AmqpTopology() {}

  /** Declares everything {@code topology} names. */
  public static void declare(Channel channel, BusTopology topology) throws IOException {
    channel.exchangeDeclare(topology.engagementExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.meshExchange(), BuiltinExchangeType.TOPIC, true);
    for (Inbox inbox : topology.inboxes()) {
      declare(channel, inbox);
    }
  }

  /** Declares {@code inbox}'s queue, bindings, retry queues and dead-letter queue. */
  public static void declare(Channel channel, Inbox inbox) throws IOException {
    channel.queueDeclare(inbox.queue(), true, false, false, Map.of());
    for (String key : inbox.bindingKeys()) {
      channel.queueBind(inbox.queue(), inbox.exchange(), key);
    }
    for (int i = 0; i < inbox.retryDelays().size(); i++) {
      channel.queueDeclare(
          inbox.retryQueue(i),
          true,
          false,
          false,
          Map.of(
              "x-message-ttl", Math.toIntExact(inbox.retryDelays().get(i).toMillis()),
              "x-dead-letter-exchange", "",
              "x-dead-letter-routing-key", inbox.queue()));
    }
    channel.queueDeclare(inbox.deadLetterQueue(), true, false, false, Map.of());
  }
}
