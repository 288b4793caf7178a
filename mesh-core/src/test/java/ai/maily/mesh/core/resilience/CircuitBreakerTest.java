package ai.maily.mesh.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {

  private static final Duration RESET = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<CircuitBreaker.Transition> transitions = new ArrayList<>();
  private final CircuitBreaker breaker =
      new CircuitBreaker("echo", 3, RESET, 2, clock, transitions::add);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure("boom " + (i + 1));
    }
  }

  private void open() {
    fail(3);
    transitions.clear();
  }

  private void halfOpen() {
    open();
    clock.advance(RESET);
    assertThat(breaker.tryAcquire()).isTrue();
    transitions.clear();
  }

  private CircuitBreaker.Transition transition(BreakerState from, BreakerState to, String reason) {
    return new CircuitBreaker.Transition("echo", from, to, reason);
  }

  @Test
  void startsClosedWithNoFailures() {
    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.CLOSED, 0, null));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void staysClosedBelowTheThreshold() {
    fail(2);

    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.CLOSED, 2, null));
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(transitions).isEmpty();
  }

  @Test
  void opensAfterThresholdConsecutiveFailures() {
    fail(3);

    assertThat(transitions)
        .containsExactly(
            transition(
                BreakerState.CLOSED, BreakerState.OPEN, "3 consecutive failures, last: boom 3"));
    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.OPEN, 3, START));
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    fail(2);
    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onSuccess();
    fail(2);

    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);
    assertThat(transitions).isEmpty();
  }

  @Test
  void failsFastWhileOpen() {
    open();
    clock.advance(RESET.minusMillis(1));

    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.OPEN);
    assertThat(transitions).isEmpty();
  }

  @Test
  void aLateFailureWhileOpenNeitherTransitionsNorMovesTheOpeningTime() {
    open();
    clock.advance(Duration.ofSeconds(5));

    breaker.onFailure("late");

    assertThat(transitions).isEmpty();
    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.OPEN, 4, START));
    clock.advance(Duration.ofSeconds(5));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void halfOpensOnceTheResetTimeoutPassed() {
    open();
    clock.advance(RESET);

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(transitions)
        .containsExactly(
            transition(BreakerState.OPEN, BreakerState.HALF_OPEN, "reset timeout of PT10S passed"));
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void letsOnlyHalfOpenTrialsCallsThroughAndReportsTheTransitionOnce() {
    open();
    clock.advance(RESET);

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(RESET);
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(transitions)
        .extracting(CircuitBreaker.Transition::to)
        .containsExactly(BreakerState.HALF_OPEN);
  }

  @Test
  void aReleasedTrialFreesItsSlotWithoutATransition() {
    halfOpen();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();

    breaker.release();

    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(transitions).isEmpty();
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void releasedCallsBetweenFailuresNeitherCountNorResetTheCount() {
    for (int i = 0; i < 2; i++) {
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.onFailure("boom " + (i + 1));
      assertThat(breaker.tryAcquire()).isTrue();
      breaker.release();
    }
    assertThat(breaker.snapshot().consecutiveFailures()).isEqualTo(2);
    assertThat(transitions).isEmpty();

    assertThat(breaker.tryAcquire()).isTrue();
    breaker.onFailure("boom 3");

    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.OPEN);
  }

  @Test
  void releasingACallOutsideHalfOpenChangesNothing() {
    assertThat(breaker.tryAcquire()).isTrue();

    breaker.release();

    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.CLOSED, 0, null));
    assertThat(transitions).isEmpty();
  }

  @Test
  void aTrialSuccessCloses() {
    halfOpen();

    breaker.onSuccess();

    assertThat(transitions)
        .containsExactly(
            transition(BreakerState.HALF_OPEN, BreakerState.CLOSED, "trial call succeeded"));
    assertThat(breaker.snapshot())
        .isEqualTo(new CircuitBreaker.Snapshot("echo", BreakerState.CLOSED, 0, null));
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void aTrialFailureReopensFromNow() {
    halfOpen();
    clock.advance(Duration.ofSeconds(1));
    Instant reopenedAt = clock.instant();

    breaker.onFailure("still down");

    assertThat(transitions)
        .containsExactly(
            transition(BreakerState.HALF_OPEN, BreakerState.OPEN, "trial call failed: still down"));
    assertThat(breaker.snapshot().state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.snapshot().openedAt()).isEqualTo(reopenedAt);
    clock.advance(RESET.minusMillis(1));
    assertThat(breaker.tryAcquire()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(breaker.tryAcquire()).isTrue();
  }

  @Test
  void reportsEveryTransitionOfAFullCycleOnceInOrder() {
    fail(3);
    breaker.tryAcquire();
    clock.advance(RESET);
    breaker.tryAcquire();
    breaker.tryAcquire();
    breaker.onFailure("trial 1");
    clock.advance(RESET);
    breaker.tryAcquire();
    breaker.onSuccess();
    breaker.tryAcquire();
    breaker.onSuccess();

    assertThat(transitions)
        .containsExactly(
            transition(
                BreakerState.CLOSED, BreakerState.OPEN, "3 consecutive failures, last: boom 3"),
            transition(BreakerState.OPEN, BreakerState.HALF_OPEN, "reset timeout of PT10S passed"),
            transition(BreakerState.HALF_OPEN, BreakerState.OPEN, "trial call failed: trial 1"),
            transition(BreakerState.OPEN, BreakerState.HALF_OPEN, "reset timeout of PT10S passed"),
            transition(BreakerState.HALF_OPEN, BreakerState.CLOSED, "trial call succeeded"));
  }

  @Test
  void rejectsAThresholdOrTrialCountBelowOne() {
    assertThatThrownBy(() -> new CircuitBreaker("echo", 0, RESET, 1, clock, t -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CircuitBreaker("echo", 1, RESET, 0, clock, t -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
