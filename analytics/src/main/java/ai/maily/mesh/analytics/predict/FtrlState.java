package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything an {@link OnlineLogisticRegression} knows, as a plain value to persist and restore.
 *
 * @param settings its hyper-parameters
 * @param z FTRL's z per feature (accumulated gradients, adjusted)
 * @param n FTRL's n per feature (accumulated squared gradients)
 * @param examples how many examples it has learned from
 * @param logLossSum the sum of the log loss of each example, predicted before learning from it
 *     (progressive validation)
 */
public record FtrlState(
    FtrlSettings settings, double[] z, double[] n, long examples, double logLossSum)
    implements CborSerializable {

  public FtrlState {
    Objects.requireNonNull(settings, "settings");
    if (z == null || n == null || z.length != n.length || z.length == 0) {
      throw new IllegalArgumentException("z and n need one entry per feature");
    }
    for (double v : n) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("n must be finite and not negative");
      }
    }
    for (double v : z) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("z must be finite");
      }
    }
    if (examples < 0 || !(logLossSum >= 0)) {
      throw new IllegalArgumentException("examples and loss must not be negative");
    }
    z = z.clone();
    n = n.clone();
  }

  @Override
  public double[] z() {
    return z.clone();
  }

  @Override
  public double[] n() {
    return n.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FtrlState that
        && settings.equals(that.settings)
        && Arrays.equals(z, that.z)
        && Arrays.equals(n, that.n)
        && examples == that.examples
        && Double.compare(logLossSum, that.logLossSum) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(settings, Arrays.hashCode(z), Arrays.hashCode(n), examples, logLossSum);
  }

  @Override
  public String toString() {
    return "FtrlState[" + z.length + " features, " + examples + " examples]";
  }
}
