package ai.maily.mesh.core.resilience;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * the delay before retry {@code n} is uniform in {@code [0, min(max, min * 2^(n-1))]}, which
 * spreads retries of many tasks that failed together.
 */
public final class Backoff {

  private final Duration min;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param min the cap of the first retry's delay
   * @param max the cap of every delay
   * @param random uniform in [0, 1); a fixed supplier makes delays deterministic in tests
   */
  public Backoff(Duration min, Duration max, DoubleSupplier random) {
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + min + ", " + max);
    }
    this.min = min;
    this.max = max;
    this.random = random;
  }

  /** The ceiling of the delay before retry number {@code retry} (1 = the first retry). */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1, got " + retry);
    }
    long minMs = min.toMillis();
    int doublings = retry - 1;
    // Shifting further than the leading zeros allow would overflow: the cap is reached anyway.
    if (minMs == 0 || doublings >= Long.numberOfLeadingZeros(minMs) - 1) {
      return minMs == 0 ? Duration.ZERO : max;
    }
    long ceilingMs = minMs << doublings;
    return ceilingMs > max.toMillis() ? max : Duration.ofMillis(ceilingMs);
  }

  /** A jittered delay before retry number {@code retry}. */
  public Duration delay(int retry) {
    return Duration.ofMillis((long) (random.getAsDouble() * (ceiling(retry).toMillis() + 1)));
  }
}
