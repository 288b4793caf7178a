package ai.maily.mesh.analytics.bus.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalTailTest {

  private static final Duration GAP_TIMEOUT = Duration.ofSeconds(10);

  private Instant now = Instant.parse("2026-03-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final JournalTail tail = new JournalTail(GAP_TIMEOUT, clock);

  @Test
  void readsEveryPositionWhenNoneIsMissing() {
    assertThat(tail.safeEnd(4, List.of(5L, 6L, 7L))).isEqualTo(7);
    assertThat(tail.safeEnd(7, List.of())).isEqualTo(7);
  }

  @Test
  void stopsBeforeAMissingPositionWhileItMayStillCommit() {
    assertThat(tail.safeEnd(4, List.of(5L, 7L, 8L))).isEqualTo(5);
    now = now.plus(GAP_TIMEOUT.minusMillis(1));
    assertThat(tail.safeEnd(5, List.of(7L, 8L))).isEqualTo(5);
  }

  @Test
  void readsOnOnceTheMissingPositionCommits() {
    assertThat(tail.safeEnd(4, List.of(5L, 7L))).isEqualTo(5);
    assertThat(tail.safeEnd(5, List.of(6L, 7L))).isEqualTo(7);
  }

  @Test
  void passesOverAPositionMissingForLongerThanTheTimeout() {
    assertThat(tail.safeEnd(0, List.of(1L, 10_003L))).isEqualTo(1);
    now = now.plus(GAP_TIMEOUT);
    assertThat(tail.safeEnd(1, List.of(10_003L, 10_005L))).isEqualTo(10_003);
    // The next gap is timed from when it was first seen: the round before.
    now = now.plus(GAP_TIMEOUT.minusMillis(1));
    assertThat(tail.safeEnd(10_003, List.of(10_005L))).isEqualTo(10_003);
    now = now.plusMillis(1);
    assertThat(tail.safeEnd(10_003, List.of(10_005L))).isEqualTo(10_005);
  }
}
