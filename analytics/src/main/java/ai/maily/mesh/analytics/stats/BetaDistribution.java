package ai.maily.mesh.analytics.stats;

/**
 * The Beta(α, β) distribution of a rate: the posterior of a Bernoulli rate after α - 1 successes
 * and β - 1 failures from a uniform prior, or from any Beta prior plus counts.
 *
 * <p>The distribution function is the regularized incomplete beta function, evaluated by its
 * continued fraction (modified Lentz, Numerical Recipes 3rd ed. §6.4) to about 1e-14; quantiles
 * invert it by bisection.
 *
 * @param alpha α, positive
 * @param beta β, positive
 */
public record BetaDistribution(double alpha, double beta) {

  private static final double EPSILON = 1e-15;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 1_000_000;

  public BetaDistribution {
    if (!(alpha > 0) || !(beta > 0) || Double.isInfinite(alpha) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException(
          "Beta needs finite α > 0 and β > 0: " + alpha + ", " + beta);
    }
  }

  /**
   * The Beta distribution with mean {@code mean} and concentration {@code concentration} = α + β:
   * the weight, in pseudo-observations, that the mean carries.
   */
  public static BetaDistribution withMean(double mean, double concentration) {
    if (!(mean > 0 && mean < 1) || !(concentration > 0)) {
      throw new IllegalArgumentException(
          "a Beta needs a mean in (0, 1) and a positive concentration: "
              + mean
              + ", "
              + concentration);
    }
    return new BetaDistribution(mean * concentration, (1 - mean) * concentration);
  }

  public double mean() {
    return alpha / (alpha + beta);
  }

  public double variance() {
    double s = alpha + beta;
    return alpha * beta / (s * s * (s + 1));
  }

  /** The updated distribution after {@code successes} successes and {@code failures} failures. */
  public BetaDistribution observe(double successes, double failures) {
    if (!(successes >= 0) || !(failures >= 0)) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    return new BetaDistribution(alpha + successes, beta + failures);
  }

  /** P(X ≤ x). */
  public double cdf(double x) {
    if (Double.isNaN(x)) {
      throw new IllegalArgumentException("x is NaN");
    }
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double front =
        Math.exp(-LogGamma.beta(alpha, beta) + alpha * Math.log(x) + beta * Math.log1p(-x));
    if (x < (alpha + 1) / (alpha + beta + 2)) {
      return front * continuedFraction(alpha, beta, x) / alpha;
    }
    return 1 - front * continuedFraction(beta, alpha, 1 - x) / beta;
  }

  /** The x with P(X ≤ x) = p; requires 0 ≤ p ≤ 1. */
  public double quantile(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must lie in [0, 1], not " + p);
    }
    if (p == 0) {
      return 0;
    }
    if (p == 1) {
      return 1;
    }
    double low = 0;
    double high = 1;
    for (int i = 0; i < 200 && high - low > 1e-15; i++) {
      double middle = (low + high) / 2;
      if (cdf(middle) < p) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return (low + high) / 2;
  }

  /**
   * The central interval of probability {@code level} (equal tails) with the mean as its value; in
   * the rare heavy skew that puts the mean outside it, the interval is widened to reach the mean.
   */
  public Estimate interval(double level) {
    double tail = (1 - level) / 2;
    double mean = mean();
    return new Estimate(
        mean, Math.min(mean, quantile(tail)), Math.max(mean, quantile(1 - tail)), level);
  }

  private static double continuedFraction(double a, double b, double x) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    d = 1 / guard(d);
    double h = d;
    for (int m = 1; m <= MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 / guard(1 + aa * d);
      c = guard(1 + aa / c);
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 / guard(1 + aa * d);
      c = guard(1 + aa / c);
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) <= EPSILON) {
        return h;
      }
    }
    throw new ArithmeticException(
        "the incomplete beta function did not converge for " + a + ", " + b);
  }

  private static double guard(double v) {
    return Math.abs(v) < TINY ? TINY : v;
  }
}
