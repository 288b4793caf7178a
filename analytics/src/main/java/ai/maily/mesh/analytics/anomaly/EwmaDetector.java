package ai.maily.mesh.analytics.anomaly;

import ai.maily.mesh.analytics.stats.Proportion;

/**
 * Flags buckets whose rate is far from its exponentially weighted moving average.
 *
 * <p>For a bucket of n trials and rate r, with moving mean μ: the expected spread is the binomial
 * noise μ(1 - μ)/n plus the rate's own drift τ², estimated as the moving variance across buckets
 * less the moving mean of their binomial noise; z = (r - μ) / √(τ² + μ(1 - μ)/n). Scaling by the
 * bucket's own n keeps a quiet night (few sends) from being flagged for noise a busy day would
 * hide. A judged bucket is learned from winsorized at ±threshold·σ, so that one spike does not drag
 * the baseline, while a lasting shift still becomes the new normal within a few buckets.
 */
public final class EwmaDetector {

  private final EwmaSettings settings;

  public EwmaDetector(EwmaSettings settings) {
    this.settings = settings;
  }

  public EwmaSettings settings() {
    return settings;
  }

  /**
   * The detector's reading of one bucket and its state after it.
   *
   * @param state the state after the bucket
   * @param judged whether the bucket was judged (warm-up over and enough trials)
   * @param expected the moving mean before the bucket
   * @param z the bucket's z-score (0 when not judged)
   * @param anomalous whether |z| reached the threshold
   */
  public record Step(
      EwmaState state, boolean judged, double expected, double z, boolean anomalous) {}

  /** Reads one bucket. */
  public Step observe(EwmaState state, Proportion bucket) {
    if (bucket.trials() < settings.minTrials()) {
      return new Step(state, false, state.mean(), 0, false);
    }
    double r = bucket.rate();
    long n = bucket.trials();
    if (state.buckets() == 0) {
      return new Step(new EwmaState(r, 0, sampling(r, n), 1), false, r, 0, false);
    }
    double mean = state.mean();
    double sampling = sampling(mean, n);
    // The moving variance starts at 0 with the first bucket; dividing by 1 - (1 - λ)^(k - 1)
    // removes that start's pull towards 0 (as Adam does for its moments), so the first judged
    // buckets are not measured against too small a spread.
    double settled = 1 - Math.pow(1 - settings.lambda(), state.buckets() - 1);
    double variance = settled > 0 ? state.variance() / settled : 0;
    double drift = Math.max(0, variance - state.samplingVariance());
    double sd = Math.sqrt(drift + sampling);
    boolean judged = state.buckets() >= settings.warmUp();
    double z = judged ? (r - mean) / sd : 0;
    boolean anomalous = judged && Math.abs(z) >= settings.threshold();
    double learned =
        judged
            ? mean
                + Math.max(
                    -settings.threshold() * sd, Math.min(settings.threshold() * sd, r - mean))
            : r;
    double lambda = settings.lambda();
    double deviation = learned - mean;
    EwmaState next =
        new EwmaState(
            Math.max(0, Math.min(1, mean + lambda * deviation)),
            (1 - lambda) * (state.variance() + lambda * deviation * deviation),
            (1 - lambda) * state.samplingVariance() + lambda * sampling,
            state.buckets() + 1);
    return new Step(next, judged, mean, z, anomalous);
  }

  /**
   * The binomial variance of a rate over n trials, the mean kept at least half a trial from 0 and
   * 1: a rate that has always been 0 (complaints) still has room to be noisy.
   */
  private static double sampling(double mean, long n) {
    double floor = 0.5 / n;
    double m = Math.max(floor, Math.min(1 - floor, mean));
    return m * (1 - m) / n;
  }
}
