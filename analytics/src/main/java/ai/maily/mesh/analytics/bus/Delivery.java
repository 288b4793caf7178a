package ai.maily.mesh.analytics.bus;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * A message taken from an {@link Inbox}, held for its consumer until it is settled: acknowledged,
 * sent to be retried, dead-lettered, or handed back. Until then it counts against the consumer's
 * prefetch, and if the consumer goes away it is delivered again.
 *
 * <p>Settling may write to the broker's socket: call these methods from a blocking dispatcher.
 */
public interface Delivery {

  /** The routing key it was published with, kept across retries. */
  String routingKey();

  byte[] body();

  /** Its application headers, as text. */
  Map<String, String> headers();

  Optional<String> messageId();

  /** Where to send an answer, if the sender wants one. */
  Optional<String> replyTo();

  Optional<String> correlationId();

  /** True when it may have been delivered before (to a consumer that went away). */
  boolean redelivered();

  /** How often it has been retried before this delivery. */
  int retries();

  /** Done with it: it leaves the inbox. */
  void ack();

  /**
   * Failed for a reason that may pass: it goes to the inbox's next retry queue, from which it comes
   * back after that queue's delay, or to the dead-letter queue once every retry is spent, with
   * {@code reason} in its headers. Completes once the broker holds it there and this delivery is
   * acknowledged.
   */
  CompletionStage<Done> retry(String reason);

  /**
   * Can never be handled (not JSON, not an event): it goes to the dead-letter queue at once, with
   * {@code reason} in its headers. Completes once the broker holds it there and this delivery is
   * acknowledged.
   */
  CompletionStage<Done> deadLetter(String reason);

  /** Not handled now through no fault of its own: back to the inbox, to be delivered again. */
  void requeue();
}
