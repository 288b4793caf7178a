package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.stats.BetaDistribution;
import java.util.Arrays;

/**
 * Best send hours from Beta-smoothed hour-of-week open rates.
 *
 * <p>A segment's rate at hour h is the posterior mean of Beta(κs·m + o, κs·(1 - m) + s - o), where
 * m is the segment's overall open rate (itself from a uniform prior), and s and o are the sends and
 * opens sent around h (±{@link SendTimeSettings#kernelHalfWidth()} hours, triangular weights). A
 * contact's rate at h is Beta(κc·r + o, κc·(1 - r) + s - o) with its own counts, where r is the
 * segment's rate at h: the segment is the prior for the contact, so a contact with few sends gets
 * its segment's curve, and one with many gets its own. The best hour maximises the posterior mean;
 * its interval is the posterior's central interval.
 */
public final class SendTimeModel {

  private final SendTimeSettings settings;

  public SendTimeModel(SendTimeSettings settings) {
    this.settings = settings;
  }

  /** The segment's smoothed open rate at each of the 168 hours. */
  public double[] segmentRates(HourOfWeekCounts segment) {
    return rates(segment, flat(overallRate(segment)), settings.segmentPriorStrength());
  }

  /** The contact's smoothed open rate at each hour, its segment's curve as the prior. */
  public double[] contactRates(HourOfWeekCounts contact, HourOfWeekCounts segment) {
    return rates(contact, segmentRates(segment), settings.contactPriorStrength());
  }

  /** The segment's best hour. */
  public BestHour bestForSegment(HourOfWeekCounts segment) {
    return best(segment, flat(overallRate(segment)), settings.segmentPriorStrength());
  }

  /** The contact's best hour, its segment's curve as the prior. */
  public BestHour bestForContact(HourOfWeekCounts contact, HourOfWeekCounts segment) {
    return best(contact, segmentRates(segment), settings.contactPriorStrength());
  }

  /** The segment's open-rate posterior at {@code hour}. */
  public BetaDistribution segmentPosterior(HourOfWeekCounts segment, int hour) {
    double prior = overallRate(segment);
    return posterior(
        segment.near(hour, settings.kernelHalfWidth()), prior, settings.segmentPriorStrength());
  }

  /** The contact's open-rate posterior at {@code hour}, its segment's curve as the prior. */
  public BetaDistribution contactPosterior(
      HourOfWeekCounts contact, HourOfWeekCounts segment, int hour) {
    double prior = segmentPosterior(segment, hour).mean();
    return posterior(
        contact.near(hour, settings.kernelHalfWidth()), prior, settings.contactPriorStrength());
  }

  private BestHour best(HourOfWeekCounts counts, double[] prior, double strength) {
    double[] rates = rates(counts, prior, strength);
    int best = 0;
    for (int h = 1; h < HourOfWeek.HOURS; h++) {
      if (rates[h] > rates[best]) {
        best = h;
      }
    }
    double[] near = counts.near(best, settings.kernelHalfWidth());
    BetaDistribution posterior = posterior(near, prior[best], strength);
    return new BestHour(
        best, HourOfWeek.label(best), posterior.interval(settings.level()), near[0]);
  }

  private double[] rates(HourOfWeekCounts counts, double[] prior, double strength) {
    double[] rates = new double[HourOfWeek.HOURS];
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      rates[h] = posterior(counts.near(h, settings.kernelHalfWidth()), prior[h], strength).mean();
    }
    return rates;
  }

  private static BetaDistribution posterior(double[] near, double priorMean, double strength) {
    return BetaDistribution.withMean(priorMean, strength).observe(near[1], near[0] - near[1]);
  }

  /** The overall open rate from a uniform prior: never exactly 0 or 1, so it can be a prior. */
  private static double overallRate(HourOfWeekCounts counts) {
    return (counts.totalOpens() + 1.0) / (counts.totalSends() + 2.0);
  }

  private static double[] flat(double rate) {
    double[] rates = new double[HourOfWeek.HOURS];
    Arrays.fill(rates, rate);
    return rates;
  }
}
