package ai.maily.mesh.analytics.stats;

import ai.maily.mesh.core.CborSerializable;

/**
 * A number with the interval it probably lies in.
 *
 * @param value the point estimate
 * @param low the interval's lower end
 * @param high the interval's upper end
 * @param level the interval's probability, e.g. 0.9 for a 90% interval
 */
public record Estimate(double value, double low, double high, double level)
    implements CborSerializable {

  public Estimate {
    if (!(low <= value && value <= high) || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException(
          "an estimate needs low <= value <= high and a level in (0, 1): "
              + low
              + ", "
              + value
              + ", "
              + high
              + ", "
              + level);
    }
  }

  /** The estimate with every number multiplied by {@code factor}, which must not be negative. */
  public Estimate scaled(double factor) {
    if (!(factor >= 0)) {
      throw new IllegalArgumentException("a scale factor must not be negative");
    }
    return new Estimate(value * factor, low * factor, high * factor, level);
  }

  /** The interval's width. */
  public double width() {
    return high - low;
  }

  /** Whether {@code x} lies in the interval, ends included. */
  public boolean contains(double x) {
    return low <= x && x <= high;
  }
}
