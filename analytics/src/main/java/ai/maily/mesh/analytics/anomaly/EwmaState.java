package ai.maily.mesh.analytics.anomaly;

import ai.maily.mesh.core.CborSerializable;

/**
 * What the detector knows of one rate: its exponentially weighted mean and variance across buckets,
 * and the weighted mean of the binomial (sampling) variance of those buckets, so that the variance
 * beyond sampling noise can be told apart.
 *
 * @param mean the moving mean of the rate
 * @param variance the moving variance of the rate across buckets
 * @param samplingVariance the moving mean of mean·(1 - mean)/trials of the buckets seen
 * @param buckets how many buckets it has learned from
 */
public record EwmaState(double mean, double variance, double samplingVariance, long buckets)
    implements CborSerializable {

  public static final EwmaState EMPTY = new EwmaState(0, 0, 0, 0);

  public EwmaState {
    if (!(mean >= 0 && mean <= 1) || !(variance >= 0) || !(samplingVariance >= 0) || buckets < 0) {
      throw new IllegalArgumentException("invalid EWMA state");
    }
  }
}
