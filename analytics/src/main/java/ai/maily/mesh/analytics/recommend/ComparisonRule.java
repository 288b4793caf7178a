package ai.maily.mesh.analytics.recommend;

import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.Recommendation.Rule;
import ai.maily.mesh.analytics.stats.BetaDistribution;
import ai.maily.mesh.analytics.stats.Normal;
import ai.maily.mesh.analytics.stats.Proportion;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Advises on a choice between options: variants of a campaign, segments, channels, send hours.
 *
 * <p>Options: the best option by a metric (highest opens or clicks, lowest bounces, complaints or
 * unsubscribes) against the runner-up, with the one-sided two-proportion z-test's Φ(z) as the
 * confidence. Send hours: the best hour against the usual one, with P(best > usual) under a normal
 * approximation of the two Beta posteriors as the confidence. Either needs {@code minConfidence}
 * and a relative lift of {@code minLift}.
 *
 * @param minConfidence the least confidence worth advising on
 * @param minLift the least relative difference worth advising on
 */
public record ComparisonRule(double minConfidence, double minLift) {

  /** 95% confidence, a 5% lift (ADR 0033). */
  public static final ComparisonRule DEFAULTS = new ComparisonRule(0.95, 0.05);

  public ComparisonRule {
    if (!(minConfidence > 0 && minConfidence < 1) || !(minLift >= 0)) {
      throw new IllegalArgumentException("a comparison needs a confidence in (0, 1), a lift >= 0");
    }
  }

  /**
   * One option to compare.
   *
   * @param name how the advice names it
   * @param counts what it did
   */
  public record Option(String name, EngagementCounts counts) {}

  /** Advice to prefer the best of {@code options} by {@code metric}, when it clearly is. */
  public Optional<Recommendation> compare(String subject, List<Option> options, RateMetric metric) {
    int better = -metric.bad().sign();
    List<Option> ranked =
        options.stream()
            .filter(o -> metric.of(o.counts()).trials() > 0)
            .sorted(
                Comparator.comparingDouble((Option o) -> better * metric.of(o.counts()).rate())
                    .reversed())
            .toList();
    if (ranked.size() < 2) {
      return Optional.empty();
    }
    Proportion best = metric.of(ranked.get(0).counts());
    Proportion next = metric.of(ranked.get(1).counts());
    double confidence =
        better > 0 ? best.confidenceHigherThan(next) : next.confidenceHigherThan(best);
    double lift = Math.abs(best.rate() - next.rate()) / Math.max(next.rate(), 1e-9);
    if (confidence < minConfidence || lift < minLift) {
      return Optional.empty();
    }
    return Optional.of(
        new Recommendation(
            "prefer-option-by-" + metric.code(),
            Rule.COMPARISON,
            subject,
            String.format(
                Locale.ROOT,
                "'%s' has a %s of %.2f%% against %.2f%% for '%s' (%s%.0f%%): prefer '%s'.",
                ranked.get(0).name(),
                metric.code().replace('-', ' '),
                100 * best.rate(),
                100 * next.rate(),
                ranked.get(1).name(),
                better > 0 ? "+" : "-",
                100 * lift,
                ranked.get(0).name()),
            confidence,
            Map.of(
                "bestRate",
                best.rate(),
                "runnerUpRate",
                next.rate(),
                "bestTrials",
                (double) best.trials(),
                "runnerUpTrials",
                (double) next.trials(),
                "lift",
                lift)));
  }

  /**
   * Advice to move sends from {@code usualHour} to {@code bestHour} when the best hour's open rate
   * is clearly higher.
   *
   * @param best the open-rate posterior at the best hour
   * @param usual the open-rate posterior at the usual hour
   */
  public Optional<Recommendation> sendTime(
      String subject, int bestHour, BetaDistribution best, int usualHour, BetaDistribution usual) {
    if (bestHour == usualHour) {
      return Optional.empty();
    }
    double confidence =
        Normal.cdf((best.mean() - usual.mean()) / Math.sqrt(best.variance() + usual.variance()));
    double lift = (best.mean() - usual.mean()) / usual.mean();
    if (confidence < minConfidence || lift < minLift) {
      return Optional.empty();
    }
    return Optional.of(
        new Recommendation(
            "better-send-hour",
            Rule.COMPARISON,
            subject,
            String.format(
                Locale.ROOT,
                "Sending at %s rather than %s is expected to lift opens from %.1f%% to %.1f%% (+%.0f%%).",
                HourOfWeek.label(bestHour),
                HourOfWeek.label(usualHour),
                100 * usual.mean(),
                100 * best.mean(),
                100 * lift),
            confidence,
            Map.of(
                "bestHour",
                (double) bestHour,
                "usualHour",
                (double) usualHour,
                "bestRate",
                best.mean(),
                "usualRate",
                usual.mean(),
                "lift",
                lift)));
  }
}
