package ai.maily.mesh.core.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.EventRejectedException;

/**
 * What a task coordinator does when the journal refuses one of its writes (the serializer cannot
 * encode the events): who is waiting for the write, why it was refused in the serializer's own
 * words, and the restart that starts the task again from its journal.
 *
 * @param <R> the replies the waiting client gets
 */
final class RejectedWrites<R> {

  /** The longest a task waits to start again after the journal refused one of its writes. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private ActorRef<R> waiting;

  /** {@code client} waits for the write now in flight. */
  void writing(ActorRef<R> client) {
    waiting = client;
  }

  /** The write in flight is stored; nobody waits for it any more. */
  void written() {
    waiting = null;
  }

  /** The client that waited for the refused write, once: it is told, nobody else. */
  Optional<ActorRef<R>> takeWaiting() {
    Optional<ActorRef<R>> client = Optional.ofNullable(waiting);
    waiting = null;
    return client;
  }

  /** The innermost cause's message: the serializer's own words, without its wrappers. */
  static String reason(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    if (cause instanceof JsonProcessingException json) {
      return json.getOriginalMessage();
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  /**
   * Restarts {@code behavior} after a refused write, from {@code minBackoff} up to {@link
   * #MAX_BACKOFF}. A refused write leaves the refused events in the state in memory, so the task
   * starts again from its journal. The coordinator has logged the refusal in a line; the supervisor
   * would add the serializer's stack trace. The backoff keeps a write refused again and again (an
   * agent's output the journal cannot store, sent again on every recovery) from spinning.
   */
  static <C> Behavior<C> restartAfterBackoff(Behavior<C> behavior, Duration minBackoff) {
    return Behaviors.supervise(behavior)
        .onFailure(
            EventRejectedException.class,
            SupervisorStrategy.restartWithBackoff(minBackoff, MAX_BACKOFF, 0.2)
                .withLoggingEnabled(false));
  }
}
