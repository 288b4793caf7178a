package ai.maily.mesh.analytics.anomaly;

/**
 * How the EWMA detector watches a rate.
 *
 * @param lambda the weight of the newest bucket in the moving mean and variance (0 < λ ≤ 1); the
 *     mean remembers about 2/λ - 1 buckets
 * @param threshold how many standard deviations from the mean make a bucket anomalous
 * @param warmUp how many buckets the detector learns from before it flags anything
 * @param minTrials buckets with fewer trials (sends, deliveries) are not judged nor learned from:
 *     their rates are mostly noise
 */
public record EwmaSettings(double lambda, double threshold, int warmUp, long minTrials) {

  /** λ 0.05, 4 σ, 8 buckets, 100 trials (ADR 0033). */
  public static final EwmaSettings DEFAULTS = new EwmaSettings(0.05, 4, 8, 100);

  public EwmaSettings {
    if (!(lambda > 0 && lambda <= 1) || !(threshold > 0) || warmUp < 2 || minTrials < 1) {
      throw new IllegalArgumentException(
          "EWMA needs 0 < λ ≤ 1, a positive threshold, a warm-up of 2+ buckets, 1+ trials");
    }
  }
}
