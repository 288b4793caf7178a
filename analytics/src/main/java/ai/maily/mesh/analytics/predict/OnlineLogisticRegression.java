package ai.maily.mesh.analytics.predict;

/**
 * Logistic regression learned one example at a time by FTRL-Proximal ({@link FtrlSettings}): the
 * model behind the open and click probabilities. Mutable and not thread-safe; {@link #snapshot()}
 * and {@link #restore(FtrlState)} move it to and from a plain value.
 */
public final class OnlineLogisticRegression {

  private final FtrlSettings settings;
  private final double[] z;
  private final double[] n;
  private long examples;
  private double logLossSum;

  private OnlineLogisticRegression(FtrlState state) {
    this.settings = state.settings();
    this.z = state.z();
    this.n = state.n();
    this.examples = state.examples();
    this.logLossSum = state.logLossSum();
  }

  /** A model over {@code features} features that knows nothing yet (every weight 0, p = 0.5). */
  public static OnlineLogisticRegression create(int features, FtrlSettings settings) {
    if (features < 1) {
      throw new IllegalArgumentException("a model needs at least one feature");
    }
    return new OnlineLogisticRegression(
        new FtrlState(settings, new double[features], new double[features], 0, 0));
  }

  /** The model a snapshot describes. */
  public static OnlineLogisticRegression restore(FtrlState state) {
    return new OnlineLogisticRegression(state);
  }

  /** How many features it reads. */
  public int features() {
    return z.length;
  }

  /** The probability of a positive outcome for {@code x}. */
  public double predict(float[] x) {
    return Logistic.sigmoid(margin(x));
  }

  /**
   * Learns from one example, returning the probability it predicted before learning (so that the
   * caller can score the model on data it had not seen yet).
   */
  public double learn(float[] x, boolean positive) {
    double margin = margin(x);
    double p = Logistic.sigmoid(margin);
    logLossSum += Logistic.logLoss(margin, positive);
    examples++;
    double error = p - (positive ? 1 : 0);
    for (int i = 0; i < z.length; i++) {
      if (x[i] == 0) {
        continue;
      }
      double g = error * x[i];
      double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / settings.alpha();
      z[i] += g - sigma * weight(i);
      n[i] += g * g;
    }
    return p;
  }

  /** The current weights, one per feature. */
  public double[] weights() {
    double[] w = new double[z.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(i);
    }
    return w;
  }

  /** The mean log loss of every example, each predicted before it was learned; NaN before any. */
  public double progressiveLogLoss() {
    return examples == 0 ? Double.NaN : logLossSum / examples;
  }

  /** How many examples it has learned from. */
  public long examples() {
    return examples;
  }

  /** The model's state as a plain value. */
  public FtrlState snapshot() {
    return new FtrlState(settings, z, n, examples, logLossSum);
  }

  private double margin(float[] x) {
    if (x.length != z.length) {
      throw new IllegalArgumentException(
          "the model reads " + z.length + " features, not " + x.length);
    }
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      if (!Float.isFinite(x[i])) {
        throw new IllegalArgumentException("feature " + i + " is not finite: " + x[i]);
      }
      if (x[i] != 0) {
        sum += weight(i) * x[i];
      }
    }
    return sum;
  }

  private double weight(int i) {
    double zi = z[i];
    if (Math.abs(zi) <= settings.l1()) {
      return 0;
    }
    return -(zi - Math.signum(zi) * settings.l1())
        / ((settings.beta() + Math.sqrt(n[i])) / settings.alpha() + settings.l2());
  }
}
