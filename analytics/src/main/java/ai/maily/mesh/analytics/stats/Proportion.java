package ai.maily.mesh.analytics.stats;

/**
 * Successes out of trials: an observed rate, with the intervals and comparisons the models and
 * rules draw from it.
 *
 * @param successes how many trials succeeded, at most {@code trials}
 * @param trials how many trials there were
 */
public record Proportion(long successes, long trials) {

  public Proportion {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "a proportion needs 0 <= successes <= trials: " + successes + " of " + trials);
    }
  }

  /** The observed rate; 0 when there were no trials. */
  public double rate() {
    return trials == 0 ? 0 : (double) successes / trials;
  }

  /**
   * The Wilson score interval of the rate at {@code level}: unlike the normal approximation it
   * stays inside [0, 1] and keeps its coverage near 0 and 1 and for few trials. With no trials it
   * is [0, 1].
   */
  public Estimate wilson(double level) {
    if (trials == 0) {
      return new Estimate(0, 0, 1, level);
    }
    double z = Normal.twoSided(level);
    double n = trials;
    double p = rate();
    double z2 = z * z;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Estimate(
        p, Math.max(0, Math.min(p, centre - half)), Math.min(1, Math.max(p, centre + half)), level);
  }

  /**
   * The one-sided confidence that this rate is higher than {@code other}'s: Φ of the pooled
   * two-proportion z statistic (0.5 when either has no trials or both rates are 0 or 1).
   */
  public double confidenceHigherThan(Proportion other) {
    if (trials == 0 || other.trials == 0) {
      return 0.5;
    }
    double pooled = (double) (successes + other.successes) / (trials + other.trials);
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trials + 1.0 / other.trials));
    if (se == 0) {
      return 0.5;
    }
    return Normal.cdf((rate() - other.rate()) / se);
  }
}
