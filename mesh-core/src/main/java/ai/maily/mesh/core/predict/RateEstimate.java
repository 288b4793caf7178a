package ai.maily.mesh.core.predict;

/**
 * An estimated rate (a probability per delivered email) with an interval.
 *
 * @param expected the expected rate, in [0, 1]
 * @param low the interval's lower end, at most {@code expected}
 * @param high the interval's upper end, at least {@code expected}
 * @param level the interval's probability, e.g. 0.9 for a 90% interval
 */
public record RateEstimate(double expected, double low, double high, double level) {

  public RateEstimate {
    if (!(0 <= low && low <= expected && expected <= high && high <= 1)) {
      throw new IllegalArgumentException(
          "requires 0 <= low <= expected <= high <= 1, got "
              + low
              + " <= "
              + expected
              + " <= "
              + high);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("level must lie in (0, 1), got " + level);
    }
  }
}
