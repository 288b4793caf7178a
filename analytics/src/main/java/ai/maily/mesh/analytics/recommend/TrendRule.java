package ai.maily.mesh.analytics.recommend;

import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.Recommendation.Rule;
import ai.maily.mesh.analytics.stats.Proportion;
import ai.maily.mesh.analytics.stats.StudentT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Advises when a rate has been moving the wrong way: the slope of a weighted least-squares line
 * through the buckets' rates (weights = trials), against days since the first bucket. The
 * confidence is the probability, under Student's t with k - 2 degrees of freedom, that the slope
 * points the bad way; the advice also needs the fitted line to change by at least {@code
 * minRelativeChange} of its starting value over the buckets.
 *
 * @param minBuckets the fewest buckets with trials to fit a line through (at least 3)
 * @param minRelativeChange the least relative change between the line's ends worth advising on
 * @param minConfidence the least confidence worth advising on
 */
public record TrendRule(int minBuckets, double minRelativeChange, double minConfidence) {

  /** 4 buckets, a 10% change, 90% confidence (ADR 0033). */
  public static final TrendRule DEFAULTS = new TrendRule(4, 0.1, 0.9);

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  public TrendRule {
    if (minBuckets < 3 || !(minRelativeChange > 0) || !(minConfidence > 0 && minConfidence < 1)) {
      throw new IllegalArgumentException("a trend needs 3+ buckets and positive thresholds");
    }
  }

  /** The fitted line of one metric over a series. */
  public record Line(
      double intercept, double slopePerDay, double standardError, int buckets, double spanDays) {
    /** The fitted rate at the first bucket. */
    public double start() {
      return intercept;
    }

    /** The fitted rate at the last bucket. */
    public double end() {
      return intercept + slopePerDay * spanDays;
    }
  }

  /** The advice for {@code subject}'s series, in time order, one per metric trending badly. */
  public List<Recommendation> check(String subject, List<BucketCounts> series) {
    List<Recommendation> advice = new ArrayList<>();
    for (RateMetric metric : RateMetric.values()) {
      Line line = fit(series, metric);
      if (line == null) {
        continue;
      }
      int bad = metric.bad().sign();
      double confidence;
      if (line.standardError() == 0) {
        confidence = Math.signum(line.slopePerDay()) == bad ? 1 : 0;
      } else {
        confidence =
            StudentT.cdf(bad * line.slopePerDay() / line.standardError(), line.buckets() - 2);
      }
      double relative = (line.end() - line.start()) / Math.max(line.start(), 1e-9);
      if (confidence < minConfidence || bad * relative < minRelativeChange) {
        continue;
      }
      advice.add(
          new Recommendation(
              metric.code() + (bad > 0 ? "-rising" : "-falling"),
              Rule.TREND,
              subject,
              String.format(
                  Locale.ROOT,
                  "The %s went from %.2f%% to %.2f%% over %d buckets (%+.0f%%): find what changed"
                      + " (audience, frequency, content) before it goes further.",
                  metric.code().replace('-', ' '),
                  100 * Math.max(0, line.start()),
                  100 * Math.max(0, line.end()),
                  line.buckets(),
                  100 * relative),
              confidence,
              Map.of(
                  "slopePerDay", line.slopePerDay(),
                  "standardError", line.standardError(),
                  "start", line.start(),
                  "end", line.end(),
                  "relativeChange", relative,
                  "buckets", (double) line.buckets())));
    }
    return advice;
  }

  /** The weighted line of one metric, or null with fewer than {@link #minBuckets} buckets. */
  public Line fit(List<BucketCounts> series, RateMetric metric) {
    List<double[]> points = new ArrayList<>();
    for (BucketCounts bucket : series) {
      Proportion rate = metric.of(bucket.counts());
      if (rate.trials() > 0) {
        double days =
            Duration.between(series.get(0).start(), bucket.start()).toMillis() / MILLIS_PER_DAY;
        points.add(new double[] {days, rate.rate(), rate.trials()});
      }
    }
    int k = points.size();
    if (k < minBuckets) {
      return null;
    }
    double weights = 0;
    double meanT = 0;
    double meanR = 0;
    for (double[] p : points) {
      weights += p[2];
      meanT += p[2] * p[0];
      meanR += p[2] * p[1];
    }
    meanT /= weights;
    meanR /= weights;
    double sxx = 0;
    double sxy = 0;
    for (double[] p : points) {
      sxx += p[2] * (p[0] - meanT) * (p[0] - meanT);
      sxy += p[2] * (p[0] - meanT) * (p[1] - meanR);
    }
    if (sxx == 0) {
      return null;
    }
    double slope = sxy / sxx;
    double intercept = meanR - slope * meanT;
    double residual = 0;
    for (double[] p : points) {
      double e = p[1] - intercept - slope * p[0];
      residual += p[2] * e * e;
    }
    // Weighted residuals are in units of one trial's variance, so σ̂² divides by k - 2 and the
    // weights' scale cancels in se² = σ̂² / Sxx.
    double se = Math.sqrt(residual / (k - 2) / sxx);
    double firstDay = points.get(0)[0];
    double span = points.get(k - 1)[0] - firstDay;
    return new Line(intercept + slope * firstDay, slope, se, k, span);
  }
}
