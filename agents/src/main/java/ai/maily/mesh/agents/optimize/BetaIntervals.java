package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.core.predict.RateEstimate;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Intervals for a rate believed to be about {@code mean} with the weight of {@code strength}
 * observations: the equal-tailed interval of Beta({@code strength·mean}, {@code
 * strength·(1−mean)}). Unlike a normal approximation it stays inside [0, 1] and is skewed as a
 * small rate's uncertainty is.
 */
final class BetaIntervals {

  private BetaIntervals() {}

  /**
   * The estimate of a rate with this mean; requires 0 < mean < 1, strength > 0, 0 < level < 1.
   * Figures are rounded to four decimals.
   */
  static RateEstimate of(double mean, double strength, double level) {
    if (!(mean > 0 && mean < 1) || !(strength > 0) || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException(
          "requires 0 < mean < 1, strength > 0 and 0 < level < 1, got "
              + mean
              + ", "
              + strength
              + ", "
              + level);
    }
    BetaDistribution beta =
        new BetaDistribution(null, strength * mean, strength * (1 - mean), 1e-12);
    double tail = (1 - level) / 2;
    double low = round(beta.inverseCumulativeProbability(tail));
    double high = round(beta.inverseCumulativeProbability(1 - tail));
    double expected = round(mean);
    return new RateEstimate(expected, Math.min(low, expected), Math.max(high, expected), level);
  }

  private static double round(double rate) {
    return Math.round(rate * 10_000) / 10_000.0;
  }
}
