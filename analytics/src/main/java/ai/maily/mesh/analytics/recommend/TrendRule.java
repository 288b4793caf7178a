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
 * points the bad way, and it must hold with the most influential bucket left out too, so that one
 * spike (which the anomaly rule reports) does not pass for a trend. The advice also needs the line
 * to change by at least {@code minRelativeChange} of the series' mean rate between its ends.
 *
 * @param minBuckets the fewest buckets with trials to fit a line through (at least 4)
 * @param minRelativeChange the least change between the line's ends, relative to the mean rate,
 *     worth advising on
 * @param minConfidence the least confidence worth advising on
 */
public record TrendRule(int minBuckets, double minRelativeChange, double minConfidence) {

  /** 4 buckets, a 10% change, 90% confidence (ADR 0033). */
  public static final TrendRule DEFAULTS = new TrendRule(4, 0.1, 0.9);

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  public TrendRule {
    if (minBuckets < 4 || !(minRelativeChange > 0) || !(minConfidence > 0 && minConfidence < 1)) {
      throw new IllegalArgumentException("a trend needs 4+ buckets and positive thresholds");
    }
  }

  /**
   * The fitted line of one metric over a series.
   *
   * @param intercept the fitted rate at the first bucket
   * @param slopePerDay the change of the rate per day
   * @param standardError the slope's standard error
   * @param mean the series' mean rate (weighted by trials)
   * @param buckets the buckets with trials it went through
   * @param spanDays days from the first to the last of them
   */
  public record Line(
      double intercept,
      double slopePerDay,
      double standardError,
      double mean,
      int buckets,
      double spanDays) {

    /** The fitted rate at the first bucket. */
    public double start() {
      return intercept;
    }

    /** The fitted rate at the last bucket. */
    public double end() {
      return intercept + slopePerDay * spanDays;
    }

    /** The change between the line's ends, relative to the mean rate. */
    public double relativeChange() {
      return mean > 0 ? (end() - start()) / mean : 0;
    }

    /** The probability that the slope's sign is {@code sign} (+1 rising, -1 falling). */
    double confidence(int sign) {
      if (standardError == 0) {
        return Math.signum(slopePerDay) == sign ? 1 : 0;
      }
      return StudentT.cdf(sign * slopePerDay / standardError, buckets - 2);
    }
  }

  /** One bucket's rate, at its day. */
  private record Point(double day, double rate, double trials) {}

  /** The advice for {@code subject}'s series, in time order, one per metric trending badly. */
  public List<Recommendation> check(String subject, List<BucketCounts> series) {
    List<Recommendation> advice = new ArrayList<>();
    for (RateMetric metric : RateMetric.values()) {
      List<Point> points = points(series, metric);
      Line line = fit(points, minBuckets);
      if (line == null) {
        continue;
      }
      int bad = metric.bad().sign();
      List<Point> others = new ArrayList<>(points);
      others.remove(mostInfluential(points, line));
      Line without = fit(others, minBuckets - 1);
      double confidence =
          without == null
              ? line.confidence(bad)
              : Math.min(line.confidence(bad), without.confidence(bad));
      double relative = line.relativeChange();
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
                  "The %s went from %.2f%% to %.2f%% over %d buckets (%+.0f%% of its mean):"
                      + " find what changed (audience, frequency, content) before it goes further.",
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
    return fit(points(series, metric), minBuckets);
  }

  private static List<Point> points(List<BucketCounts> series, RateMetric metric) {
    List<Point> points = new ArrayList<>();
    for (BucketCounts bucket : series) {
      Proportion rate = metric.of(bucket.counts());
      if (rate.trials() > 0) {
        double days =
            Duration.between(series.get(0).start(), bucket.start()).toMillis() / MILLIS_PER_DAY;
        points.add(new Point(days, rate.rate(), rate.trials()));
      }
    }
    return points;
  }

  /** The weighted line through the points, or null with fewer than {@code minimum} of them. */
  private static Line fit(List<Point> points, int minimum) {
    int k = points.size();
    if (k < minimum) {
      return null;
    }
    double weights = 0;
    double meanT = 0;
    double meanR = 0;
    for (Point p : points) {
      weights += p.trials();
      meanT += p.trials() * p.day();
      meanR += p.trials() * p.rate();
    }
    meanT /= weights;
    meanR /= weights;
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      sxx += p.trials() * (p.day() - meanT) * (p.day() - meanT);
      sxy += p.trials() * (p.day() - meanT) * (p.rate() - meanR);
    }
    if (sxx == 0) {
      return null;
    }
    double slope = sxy / sxx;
    double intercept = meanR - slope * meanT;
    double residual = 0;
    for (Point p : points) {
      double e = p.rate() - intercept - slope * p.day();
      residual += p.trials() * e * e;
    }
    // Weighted residuals are in units of one trial's variance, so σ̂² divides by k - 2 and the
    // weights' scale cancels in se² = σ̂² / Sxx.
    double se = Math.sqrt(residual / (k - 2) / sxx);
    double firstDay = points.get(0).day();
    double span = points.get(k - 1).day() - firstDay;
    return new Line(intercept + slope * firstDay, slope, se, meanR, k, span);
  }

  /** The point with the largest weighted residual from the line. */
  private static Point mostInfluential(List<Point> points, Line line) {
    Point worst = points.get(0);
    double largest = -1;
    double firstDay = points.get(0).day();
    for (Point p : points) {
      double e = p.rate() - line.intercept() - line.slopePerDay() * (p.day() - firstDay);
      double weighted = p.trials() * e * e;
      if (weighted > largest) {
        largest = weighted;
        worst = p;
      }
    }
    return worst;
  }
}
