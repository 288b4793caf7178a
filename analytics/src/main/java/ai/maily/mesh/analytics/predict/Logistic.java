package ai.maily.mesh.analytics.predict;

/** The logistic function and the log loss, computed without overflow for any finite input. */
public final class Logistic {

  private Logistic() {}

  /** 1 / (1 + e^-z), never NaN for finite z; exactly 0 or 1 only where a double must round. */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /**
   * The log loss of the prediction sigmoid(z) for the outcome {@code positive}: -ln sigmoid(z) or
   * -ln(1 - sigmoid(z)), as softplus(∓z) = max(∓z, 0) + ln(1 + e^-|z|), finite however large |z|.
   */
  public static double logLoss(double z, boolean positive) {
    double t = positive ? -z : z;
    return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
  }
}
