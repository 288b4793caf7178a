package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;

/**
 * The hyper-parameters of FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the
 * Trenches", KDD 2013): the per-coordinate learning rate is α / (β + √(Σ g²)), so a feature's steps
 * shrink as it accumulates gradient, and L1 and L2 penalties keep weights small and sparse.
 *
 * @param alpha α, the learning rate's scale
 * @param beta β, which keeps the first steps of a new feature from being too large
 * @param l1 the L1 penalty (weights whose accumulated gradient is below it stay at 0)
 * @param l2 the L2 penalty
 */
public record FtrlSettings(double alpha, double beta, double l1, double l2)
    implements CborSerializable {

  /**
   * α 0.1, β 1, L1 0, L2 1: α by the progressive log loss before the split of a synthetic world
   * with another seed than the evaluated one (ADR 0033); 0.1 to 0.2 did equally well there.
   */
  public static final FtrlSettings DEFAULTS = new FtrlSettings(0.1, 1, 0, 1);

  public FtrlSettings {
    if (!(alpha > 0) || !(beta >= 0) || !(l1 >= 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("FTRL needs α > 0 and β, L1, L2 >= 0");
    }
  }
}
