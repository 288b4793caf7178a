package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.BusCounters;
import ai.maily.mesh.analytics.bus.BusHeaders;
import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.Inbox;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;

/**
 * A message from the broker, settled on the channel that delivered it. Retrying and dead-lettering
 * publish a copy (same body and properties, headers added) to the retry or dead-letter queue and
 * acknowledge this delivery only once the broker confirmed the copy: a crash in between delivers it
 * again, never loses it.
 */
final class AmqpDelivery implements Delivery {

  private final AmqpSource.Session session;
  private final Envelope envelope;
  private final AMQP.BasicProperties properties;
  private final byte[] body;
  private final BusCounters counters;
  private final Map<String, String> headers;
  private final AtomicBoolean settled = new AtomicBoolean();

  AmqpDelivery(
      AmqpSource.Session session,
      Envelope envelope,
      AMQP.BasicProperties properties,
      byte[] body,
      BusCounters counters) {
    this.session = session;
    this.envelope = envelope;
    this.properties = properties;
    this.body = body;
    this.counters = counters;
    Map<String, String> text = new HashMap<>();
    if (properties.getHeaders() != null) {
      properties.getHeaders().forEach((name, value) -> text.put(name, String.valueOf(value)));
    }
    this.headers = Map.copyOf(text);
  }

  @Override
  public String routingKey() {
    return headers.getOrDefault(BusHeaders.ROUTING_KEY, envelope.getRoutingKey());
  }

  @Override
  public byte[] body() {
    return body;
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public Optional<String> messageId() {
    return Optional.ofNullable(properties.getMessageId());
  }

  @Override
  public Optional<String> replyTo() {
    return Optional.ofNullable(properties.getReplyTo());
  }

  @Override
  public Optional<String> correlationId() {
    return Optional.ofNullable(properties.getCorrelationId());
  }

  @Override
  public boolean redelivered() {
    return envelope.isRedeliver();
  }

  @Override
  public int retries() {
    try {
      return Integer.parseInt(headers.getOrDefault(BusHeaders.RETRIES, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void ack() {
    if (settled.compareAndSet(false, true)) {
      session.ack(envelope.getDeliveryTag());
      counters.acked();
    }
  }

  @Override
  public void requeue() {
    if (settled.compareAndSet(false, true)) {
      session.nack(envelope.getDeliveryTag());
      counters.requeued();
    }
  }

  @Override
  public CompletionStage<Done> retry(String reason) {
    Inbox inbox = session.inbox();
    Optional<Duration> delay = inbox.retryDelay(retries());
    if (delay.isEmpty() || !inbox.settlesByRerouting()) {
      return deadLetter(reason, BusHeaders.RETRIES_EXHAUSTED);
    }
    Map<String, Object> more = new HashMap<>();
    more.put(BusHeaders.RETRIES, Integer.toString(retries() + 1));
    more.put(BusHeaders.FAILURE_REASON, reason);
    return reroute(inbox.retryQueue(retries()), more).thenApply(done -> counted(counters::retried));
  }

  @Override
  public CompletionStage<Done> deadLetter(String reason) {
    return deadLetter(reason, BusHeaders.POISON);
  }

  private CompletionStage<Done> deadLetter(String reason, String failure) {
    Inbox inbox = session.inbox();
    if (!inbox.settlesByRerouting()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(inbox.queue() + " is a dead-letter queue itself"));
    }
    Map<String, Object> more = new HashMap<>();
    more.put(BusHeaders.FAILURE_REASON, reason);
    more.put(BusHeaders.FAILURE, failure);
    more.put(BusHeaders.RETRIES, Integer.toString(retries()));
    more.put(BusHeaders.DEAD_LETTERED_AT, Instant.now().toString());
    return reroute(inbox.deadLetterQueue(), more)
        .thenApply(done -> counted(counters::deadLettered));
  }

  /** Publishes a copy with {@code more} headers to {@code queue}, then acknowledges this one. */
  private CompletionStage<Done> reroute(String queue, Map<String, Object> more) {
    if (settled.get()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    Map<String, Object> copied = new HashMap<>();
    if (properties.getHeaders() != null) {
      copied.putAll(properties.getHeaders());
    }
    copied.put(BusHeaders.ROUTING_KEY, routingKey());
    copied.putAll(more);
    return session
        .reroute(queue, properties.builder().headers(copied).build(), body)
        .thenApply(
            confirmed -> {
              if (settled.compareAndSet(false, true)) {
                session.ack(envelope.getDeliveryTag());
              }
              return confirmed;
            });
  }

  private static Done counted(Runnable count) {
    count.run();
    return Done.getInstance();
  }
}
