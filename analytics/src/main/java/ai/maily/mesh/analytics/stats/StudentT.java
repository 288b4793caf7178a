package ai.maily.mesh.analytics.stats;

/** Student's t distribution, for slopes estimated from a handful of points. */
public final class StudentT {

  private StudentT() {}

  /**
   * P(T ≤ t) with {@code degreesOfFreedom} degrees of freedom, through the regularized incomplete
   * beta function: for t ≥ 0 it is 1 - I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²).
   */
  public static double cdf(double t, double degreesOfFreedom) {
    if (!(degreesOfFreedom > 0) || Double.isNaN(t)) {
      throw new IllegalArgumentException("t needs ν > 0 and a number");
    }
    if (Double.isInfinite(t)) {
      return t > 0 ? 1 : 0;
    }
    double x = degreesOfFreedom / (degreesOfFreedom + t * t);
    double tail = new BetaDistribution(degreesOfFreedom / 2, 0.5).cdf(x) / 2;
    return t >= 0 ? 1 - tail : tail;
  }
}
