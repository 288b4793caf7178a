package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.Outgoing;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.pekko.Done;

/**
 * Publishes on one channel in confirm mode: each message's future completes when the broker
 * confirms it (it is in every queue it was routed to, on disk for durable queues), and fails when
 * the broker refuses it or the channel closes first. Messages are persistent JSON.
 */
final class ConfirmingPublisher {

  private final Channel channel;
  private final ConcurrentNavigableMap<Long, CompletableFuture<Done>> unconfirmed =
      new ConcurrentSkipListMap<>();

  /** Puts {@code channel} in confirm mode; the publisher owns it from here on. */
  ConfirmingPublisher(Channel channel) throws IOException {
    this.channel = channel;
    channel.confirmSelect();
    channel.addConfirmListener(
        (tag, multiple) -> settle(tag, multiple, null),
        (tag, multiple) -> settle(tag, multiple, "the broker refused the message"));
    channel.addShutdownListener(this::failAll);
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  /** Publishes {@code message}; the future completes when the broker confirms it. */
  synchronized CompletableFuture<Done> publish(Outgoing message) {
    return publish(message.exchange(), message.routingKey(), properties(message), message.body());
  }

  /** Publishes a message with its own properties, as retries and dead letters keep theirs. */
  synchronized CompletableFuture<Done> publish(
      String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
    CompletableFuture<Done> confirmed = new CompletableFuture<>();
    long sequence = channel.getNextPublishSeqNo();
    unconfirmed.put(sequence, confirmed);
    try {
      channel.basicPublish(exchange, routingKey, properties, body);
    } catch (IOException | AlreadyClosedException e) {
      unconfirmed.remove(sequence);
      confirmed.completeExceptionally(e);
    }
    return confirmed;
  }

  private void settle(long tag, boolean multiple, String refusal) {
    ConcurrentNavigableMap<Long, CompletableFuture<Done>> settled =
        multiple ? unconfirmed.headMap(tag, true) : unconfirmed.subMap(tag, true, tag, true);
    settled.forEach(
        (sequence, future) -> {
          if (refusal == null) {
            future.complete(Done.getInstance());
          } else {
            future.completeExceptionally(new IOException(refusal));
          }
        });
    settled.clear();
  }

  private void failAll(ShutdownSignalException cause) {
    unconfirmed.forEach(
        (sequence, future) ->
            future.completeExceptionally(
                new IOException("the channel closed before the broker confirmed", cause)));
    unconfirmed.clear();
  }

  /** Closes the channel; what is not confirmed yet fails. */
  void close() {
    try {
      channel.abort();
    } catch (IOException e) {
      // abort closes the channel whatever the broker answers; its shutdown listener has run
    }
  }

  /** Persistent JSON, with the message's identity, correlation and headers. */
  static AMQP.BasicProperties properties(Outgoing message) {
    Map<String, Object> headers = new HashMap<>(message.headers());
    return MessageProperties.PERSISTENT_BASIC
        .builder()
        .contentType("application/json")
        .messageId(message.messageId())
        .correlationId(message.correlationId().orElse(null))
        .headers(headers)
        .timestamp(new Date())
        .build();
  }
}
