package ai.maily.mesh.analytics.recommend;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.Recommendation.Rule;
import ai.maily.mesh.analytics.stats.BetaDistribution;
import ai.maily.mesh.analytics.stats.Proportion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Advises when a rate is beyond its limit: above it for the rates that hurt when they rise
 * (bounces, complaints, unsubscribes), below it for those that hurt when they fall (opens, clicks).
 * The confidence is the posterior probability that the true rate is on the wrong side of the limit,
 * from a prior centred on the limit and worth one pseudo-event, Beta(1, (1 - limit) / limit): the
 * prior is undecided about the side, so the confidence is the evidence's, and a handful of sends
 * cannot trip it.
 *
 * @param limits the limit of each metric watched
 * @param minConfidence the least confidence worth advising on
 */
public record ThresholdRule(Map<RateMetric, Double> limits, double minConfidence) {

  /**
   * Bounces 2% (the level at which mailbox providers start to treat a sender as careless),
   * complaints 0.1% (the Gmail and Yahoo bulk-sender guideline of 2024), unsubscribes 0.5%, opens
   * 10%, clicks 1%; advice from 80% confidence (ADR 0033).
   */
  public static final ThresholdRule DEFAULTS =
      new ThresholdRule(
          Map.of(
              RateMetric.BOUNCE, 0.02,
              RateMetric.COMPLAINT, 0.001,
              RateMetric.UNSUBSCRIBE, 0.005,
              RateMetric.OPEN, 0.10,
              RateMetric.CLICK, 0.01),
          0.8);

  private static final Map<RateMetric, String> ADVICE = advice();

  public ThresholdRule {
    limits = Map.copyOf(limits);
    for (double limit : limits.values()) {
      if (!(limit > 0 && limit < 1)) {
        throw new IllegalArgumentException("a limit is a rate in (0, 1), not " + limit);
      }
    }
    if (!(minConfidence > 0 && minConfidence < 1)) {
      throw new IllegalArgumentException("the least confidence lies in (0, 1)");
    }
  }

  /** The advice for {@code subject}'s counts, one per metric beyond its limit. */
  public List<Recommendation> check(String subject, EngagementCounts counts) {
    List<Recommendation> advice = new ArrayList<>();
    for (RateMetric metric : RateMetric.values()) {
      Double limit = limits.get(metric);
      if (limit == null) {
        continue;
      }
      Proportion rate = metric.of(counts);
      if (rate.trials() == 0) {
        continue;
      }
      double above =
          1
              - BetaDistribution.withMean(limit, 1 / limit)
                  .observe(rate.successes(), rate.trials() - rate.successes())
                  .cdf(limit);
      boolean rising = metric.bad() == RateMetric.Direction.UP;
      double confidence = rising ? above : 1 - above;
      if (confidence < minConfidence) {
        continue;
      }
      advice.add(
          new Recommendation(
              metric.code() + (rising ? "-above-threshold" : "-below-threshold"),
              Rule.THRESHOLD,
              subject,
              String.format(
                  Locale.ROOT,
                  "The %s is %.2f%%, %s the %.2f%% limit: %s",
                  metric.code().replace('-', ' '),
                  100 * rate.rate(),
                  rising ? "above" : "below",
                  100 * limit,
                  ADVICE.get(metric)),
              confidence,
              Map.of(
                  "rate",
                  rate.rate(),
                  "limit",
                  limit,
                  "successes",
                  (double) rate.successes(),
                  "trials",
                  (double) rate.trials())));
    }
    return advice;
  }

  private static Map<RateMetric, String> advice() {
    Map<RateMetric, String> advice = new EnumMap<>(RateMetric.class);
    advice.put(
        RateMetric.BOUNCE,
        "remove hard-bounced addresses and confirm the list's source before the next send.");
    advice.put(
        RateMetric.COMPLAINT,
        "send only to contacts who opted in, make unsubscribing easy, and slow down until it falls.");
    advice.put(
        RateMetric.UNSUBSCRIBE,
        "send less often to this audience or make the content more relevant to it.");
    advice.put(
        RateMetric.OPEN,
        "test other subject lines and send times, and re-engage or prune inactive contacts.");
    advice.put(RateMetric.CLICK, "make the call to action clearer and the offer more specific.");
    return advice;
  }
}
