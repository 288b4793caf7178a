package ai.maily.mesh.analytics.bus.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far the journal can be read without skipping a write still in flight. The journal numbers its
 * rows ({@code ordering}) when they are inserted, not when they commit: with writes in parallel a
 * higher position may be visible before a lower one. Reading is safe up to the first missing
 * position; one missing for longer than {@code gapTimeout} is taken for a write that never
 * committed (a rollback, a crash, numbers an identity cached and lost) and passed over, as the
 * journal plugin's own queries by tag do.
 */
final class JournalTail {

  private final Duration gapTimeout;
  private final Clock clock;
  private final Map<Long, Instant> gapsSeen = new HashMap<>();

  JournalTail(Duration gapTimeout, Clock clock) {
    this.gapTimeout = gapTimeout;
    this.clock = clock;
  }

  /**
   * The highest position up to which every row after {@code offset} is known.
   *
   * @param orderings the positions present after {@code offset}, ascending
   */
  long safeEnd(long offset, List<Long> orderings) {
    Instant now = clock.instant();
    long end = offset;
    for (long ordering : orderings) {
      if (ordering != end + 1) {
        Instant seen = gapsSeen.computeIfAbsent(end + 1, missing -> now);
        if (Duration.between(seen, now).compareTo(gapTimeout) < 0) {
          break;
        }
      }
      end = ordering;
    }
    long reached = end;
    gapsSeen.keySet().removeIf(missing -> missing <= reached);
    return end;
  }
}
