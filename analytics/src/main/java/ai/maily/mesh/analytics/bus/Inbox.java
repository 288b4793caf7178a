package ai.maily.mesh.analytics.bus;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A queue the mesh consumes, with what surrounds it: the exchange and binding keys that fill it, a
 * retry queue per delay ({@code <queue>.retry.<delay>}, whose messages come back to the queue when
 * the delay has passed) and a dead-letter queue ({@code <queue>.dlq}).
 *
 * @param queue its name, e.g. {@code analytics.engagement}
 * @param exchange the topic exchange it is bound to
 * @param bindingKeys its binding patterns on the exchange, e.g. {@code engagement.#}
 * @param retryDelays how long each successive retry waits; empty for none
 */
public record Inbox(
    String queue, String exchange, List<String> bindingKeys, List<Duration> retryDelays) {

  public Inbox {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(exchange, "exchange");
    bindingKeys = List.copyOf(bindingKeys);
    retryDelays = List.copyOf(retryDelays);
    for (Duration delay : retryDelays) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("a retry delay must be positive, not " + delay);
      }
    }
  }

  /**
   * Whether the inbox has a dead-letter queue and retries: every inbox of the topology does; a
   * dead-letter queue read as an inbox ({@link #deadLetters()}) does not, so its deliveries can
   * only be acknowledged or handed back.
   */
  public boolean settlesByRerouting() {
    return !exchange.isEmpty();
  }

  /** The dead-letter queue. */
  public String deadLetterQueue() {
    return queue + ".dlq";
  }

  /** The dead-letter queue as an inbox of its own, to read (or replay) what it holds. */
  public Inbox deadLetters() {
    return new Inbox(deadLetterQueue(), "", List.of(), List.of());
  }

  /** The retry queue of the {@code index}th retry (from 0): {@code <queue>.retry.<delay>}. */
  public String retryQueue(int index) {
    return queue + ".retry." + name(retryDelays.get(index));
  }

  /** How long the next retry of a message retried {@code retries} times waits; empty when spent. */
  public Optional<Duration> retryDelay(int retries) {
    return retries < retryDelays.size() ? Optional.of(retryDelays.get(retries)) : Optional.empty();
  }

  /** {@code 1s}, {@code 60s}, {@code 250ms}: whole seconds when it is some. */
  private static String name(Duration delay) {
    return delay.toMillis() % 1000 == 0 ? delay.toSeconds() + "s" : delay.toMillis() + "ms";
  }
}
