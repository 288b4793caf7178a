package ai.maily.mesh.core.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A circuit breaker for calls to one agent type: opens after {@code failureThreshold} consecutive
 * failures, fails calls fast while open, lets {@code halfOpenTrials} calls through after {@code
 * resetTimeout}, and closes on a trial's success or opens again on its failure.
 *
 * <p>Thread-safe: many task coordinators on one node share a breaker. Every transition is reported
 * to the listener, outside the lock.
 */
public final class CircuitBreaker {

  /** A transition, for logs, events and the API. */
  public record Transition(String name, BreakerState from, BreakerState to, String reason) {}

  /** What the API shows of a breaker. */
  public record Snapshot(
      String name, BreakerState state, int consecutiveFailures, Instant openedAt) {}

  private final String name;
  private final int failureThreshold;
  private final Duration resetTimeout;
  private final int halfOpenTrials;
  private final Clock clock;
  private final Consumer<Transition> listener;

  private BreakerState state = BreakerState.CLOSED;
  private int consecutiveFailures;
  private int trialsInFlight;
  private Instant openedAt;

  public CircuitBreaker(
      String name,
      int failureThreshold,
      Duration resetTimeout,
      int halfOpenTrials,
      Clock clock,
      Consumer<Transition> listener) {
    if (failureThreshold < 1 || halfOpenTrials < 1) {
      throw new IllegalArgumentException("failureThreshold and halfOpenTrials must be >= 1");
    }
    this.name = name;
    this.failureThreshold = failureThreshold;
    this.resetTimeout = resetTimeout;
    this.halfOpenTrials = halfOpenTrials;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Asks to make a call; when true the caller must report its outcome exactly once, or {@link
   * #abandon} it.
   */
  public boolean tryAcquire() {
    Transition transition = null;
    boolean allowed;
    synchronized (this) {
      if (state == BreakerState.OPEN && !clock.instant().isBefore(openedAt.plus(resetTimeout))) {
        transition = moveTo(BreakerState.HALF_OPEN, "reset timeout of " + resetTimeout + " passed");
      }
      allowed =
          switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
              if (trialsInFlight < halfOpenTrials) {
                trialsInFlight++;
                yield true;
              }
              yield false;
            }
          };
    }
    report(transition);
    return allowed;
  }

  /** The acquired call succeeded. */
  public void onSuccess() {
    Transition transition = null;
    synchronized (this) {
      consecutiveFailures = 0;
      if (state == BreakerState.HALF_OPEN) {
        transition = moveTo(BreakerState.CLOSED, "trial call succeeded");
      }
    }
    report(transition);
  }

  /** The acquired call failed in a way that says the agent is unhealthy. */
  public void onFailure(String reason) {
    Transition transition = null;
    synchronized (this) {
      consecutiveFailures++;
      if (state == BreakerState.HALF_OPEN) {
        transition = moveTo(BreakerState.OPEN, "trial call failed: " + reason);
      } else if (state == BreakerState.CLOSED && consecutiveFailures >= failureThreshold) {
        transition =
            moveTo(
                BreakerState.OPEN, consecutiveFailures + " consecutive failures, last: " + reason);
      }
    }
    report(transition);
  }

  /**
   * The acquired call says nothing about the agent's health: the agent turned it away because it
   * was full, or its caller stopped before the outcome was known. Frees its trial slot when
   * half-open, so that the breaker can still try again, and changes nothing otherwise.
   */
  public synchronized void release() {
    if (state == BreakerState.HALF_OPEN && trialsInFlight > 0) {
      trialsInFlight--;
    }
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(name, state, consecutiveFailures, openedAt);
  }

  private Transition moveTo(BreakerState next, String reason) {
    Transition transition = new Transition(name, state, next, reason);
    state = next;
    trialsInFlight = 0;
    if (next == BreakerState.OPEN) {
      openedAt = clock.instant();
    } else if (next == BreakerState.CLOSED) {
      openedAt = null;
      consecutiveFailures = 0;
    }
    return transition;
  }

  private void report(Transition transition) {
    if (transition != null) {
      listener.accept(transition);
    }
  }
}
