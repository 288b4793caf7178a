package ai.maily.mesh.analytics.stats;

/** The standard normal distribution: its distribution function and its quantiles. */
public final class Normal {

  private static final double[] A = {
    -3.969683028665376e+01,
    2.209460984245205e+02,
    -2.759285104469687e+02,
    1.383577518672690e+02,
    -3.066479806614716e+01,
    2.506628277459239e+00
  };
  private static final double[] B = {
    -5.447609879822406e+01,
    1.615858368580409e+02,
    -1.556989798598866e+02,
    6.680131188771972e+01,
    -1.328068155288572e+01
  };
  private static final double[] C = {
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e+00,
    -2.549732539343734e+00,
    4.374664141464968e+00,
    2.938163982698783e+00
  };
  private static final double[] D = {
    7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
  };
  private static final double P_LOW = 0.02425;

  /** The exponent's polynomial in t = 1 / (1 + |x| / 2), lowest power first. */
  private static final double[] ERFC = {
    -1.26551223,
    1.00002368,
    0.37409196,
    0.09678418,
    -0.18628806,
    0.27886807,
    -1.13520398,
    1.48851587,
    -0.82215223,
    0.17087277
  };

  private Normal() {}

  /**
   * Φ(z) = P(Z ≤ z), through the complementary error function's Chebyshev fit (Numerical Recipes
   * 2nd ed. §6.2, relative error below 1.2e-7 everywhere, tails included).
   */
  public static double cdf(double z) {
    if (Double.isNaN(z)) {
      throw new IllegalArgumentException("z is NaN");
    }
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /**
   * The z with Φ(z) = p, by Acklam's rational approximation (relative error below 1.2e-9); requires
   * 0 < p < 1.
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("a normal quantile needs 0 < p < 1, not " + p);
    }
    if (p < P_LOW) {
      double q = Math.sqrt(-2 * Math.log(p));
      return tail(q);
    }
    if (p > 1 - P_LOW) {
      double q = Math.sqrt(-2 * Math.log1p(-p));
      return -tail(q);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5])
        * q
        / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }

  /** The z that leaves {@code (1 - level) / 2} in each tail, e.g. 1.645 for a 90% interval. */
  public static double twoSided(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("a level must lie in (0, 1), not " + level);
    }
    return quantile(1 - (1 - level) / 2);
  }

  private static double tail(double q) {
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
        / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double polynomial = 0;
    for (int i = ERFC.length - 1; i >= 0; i--) {
      polynomial = polynomial * t + ERFC[i];
    }
    double value = t * Math.exp(-z * z + polynomial);
    return x >= 0 ? value : 2 - value;
  }
}
