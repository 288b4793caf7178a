package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.stats.BetaBinomial;
import ai.maily.mesh.analytics.stats.Estimate;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Forecasts a draft's opens and clicks for a segment, with Beta-Binomial intervals.
 *
 * <p>A campaign's rate is modelled as drawn from Beta(μc, (1 - μ)c) once for the whole campaign
 * (its subject, day and news share one fate), and its count as Binomial given that rate: together a
 * Beta-Binomial, wider than a binomial by the campaign-to-campaign spread. From the segment's past
 * campaigns, μ is the pooled rate and the intra-campaign correlation ρ = 1/(c + 1) is estimated by
 * the method of moments (E[Σ nᵢ(rᵢ - μ)²] = μ(1 - μ)[(k - 1) + ρ Σ(nᵢ - 1)(1 - nᵢ/N)]); the
 * uncertainty of μ itself widens it further. With per-contact predictions, μ is their mean and the
 * spread still comes from the segment's history. Rates are per delivery.
 */
public final class CampaignForecaster {

  private static final double MIN_DISPERSION = 1e-7;
  private static final double MAX_DISPERSION = 0.5;

  private final ForecastSettings settings;

  public CampaignForecaster(ForecastSettings settings) {
    this.settings = settings;
  }

  /**
   * The forecast for {@code audience} deliveries from the segment's past campaigns alone.
   *
   * @param history one entry per past campaign to the segment, oldest first; at least one must have
   *     deliveries
   */
  public CampaignForecast fromHistory(long audience, List<EngagementCounts> history) {
    List<EngagementCounts> campaigns = delivered(history);
    if (campaigns.isEmpty()) {
      throw new IllegalArgumentException(
          "a forecast from history needs at least one past campaign with deliveries");
    }
    Spread opens = spread(campaigns, RateMetric.OPEN);
    Spread clicks = spread(campaigns, RateMetric.CLICK);
    return forecast(
        audience,
        CampaignForecast.SEGMENT_HISTORY,
        campaigns.size(),
        opens.mean,
        opens.concentration(),
        clicks.mean,
        clicks.concentration());
  }

  /**
   * The forecast for one delivery to each contact predicted, their mean probabilities as the
   * expected rates, the segment's past campaigns (possibly none, oldest first) for the spread.
   */
  public CampaignForecast fromPredictions(
      List<EngagementPrediction> contacts, List<EngagementCounts> history) {
    if (contacts.isEmpty()) {
      throw new IllegalArgumentException("a forecast from predictions needs at least one contact");
    }
    List<EngagementCounts> campaigns = delivered(history);
    double openMean = mean(contacts, EngagementPrediction::open);
    double clickMean = mean(contacts, EngagementPrediction::click);
    return forecast(
        contacts.size(),
        CampaignForecast.CONTACT_PREDICTIONS,
        campaigns.size(),
        openMean,
        1 / dispersion(campaigns, RateMetric.OPEN) - 1,
        clickMean,
        1 / dispersion(campaigns, RateMetric.CLICK) - 1);
  }

  private CampaignForecast forecast(
      long audience,
      String basis,
      int campaigns,
      double openMean,
      double openConcentration,
      double clickMean,
      double clickConcentration) {
    if (audience < 1) {
      throw new IllegalArgumentException("a forecast needs an audience of at least one");
    }
    Estimate opens = counts(audience, openMean, openConcentration);
    Estimate clicks = counts(audience, clickMean, clickConcentration);
    return new CampaignForecast(
        audience,
        basis,
        campaigns,
        opens,
        clicks,
        opens.scaled(1.0 / audience),
        clicks.scaled(1.0 / audience));
  }

  private Estimate counts(long audience, double mean, double concentration) {
    double m = clampRate(mean);
    return new BetaBinomial(audience, m * concentration, (1 - m) * concentration)
        .interval(settings.level());
  }

  /** A rate's pooled mean over past campaigns and its spread from one campaign to the next. */
  private record Spread(double mean, double rho, double meanVariance) {
    /** c such that Beta(μc, (1 - μ)c) has the variance of a new campaign's rate. */
    double concentration() {
      double m = clampRate(mean);
      double variance = rho * m * (1 - m) + meanVariance;
      return m * (1 - m) / variance - 1;
    }
  }

  private Spread spread(List<EngagementCounts> campaigns, RateMetric metric) {
    long total = 0;
    long successes = 0;
    for (EngagementCounts c : campaigns) {
      total += metric.of(c).trials();
      successes += metric.of(c).successes();
    }
    double mean = (double) successes / total;
    double rho = dispersion(campaigns, metric);
    double m = clampRate(mean);
    double sum = 0;
    for (EngagementCounts c : campaigns) {
      long n = metric.of(c).trials();
      sum += n * (1 + (n - 1) * rho);
    }
    return new Spread(mean, rho, m * (1 - m) * sum / ((double) total * total));
  }

  private double dispersion(List<EngagementCounts> campaigns, RateMetric metric) {
    if (campaigns.size() < settings.minCampaigns()) {
      return settings.defaultDispersion();
    }
    double total = 0;
    for (EngagementCounts c : campaigns) {
      total += metric.of(c).trials();
    }
    double pooled = 0;
    for (EngagementCounts c : campaigns) {
      pooled += metric.of(c).successes();
    }
    pooled /= total;
    double between = 0;
    double denominator = 0;
    for (EngagementCounts c : campaigns) {
      double n = metric.of(c).trials();
      double r = metric.of(c).rate();
      between += n * (r - pooled) * (r - pooled);
      denominator += (n - 1) * (1 - n / total);
    }
    double m = clampRate(pooled);
    if (denominator <= 0) {
      return settings.defaultDispersion();
    }
    double rho = (between / (m * (1 - m)) - (campaigns.size() - 1)) / denominator;
    return Math.max(MIN_DISPERSION, Math.min(MAX_DISPERSION, rho));
  }

  /** The most recent campaigns with deliveries, at most {@code recentCampaigns} of them. */
  private List<EngagementCounts> delivered(List<EngagementCounts> history) {
    List<EngagementCounts> delivered = history.stream().filter(c -> c.delivered() > 0).toList();
    int from = Math.max(0, delivered.size() - settings.recentCampaigns());
    return delivered.subList(from, delivered.size());
  }

  private static double mean(
      List<EngagementPrediction> contacts, ToDoubleFunction<EngagementPrediction> rate) {
    return contacts.stream().mapToDouble(rate).average().orElseThrow();
  }

  /** Keeps a rate off 0 and 1, where a Beta has no mass to spread. */
  private static double clampRate(double rate) {
    return Math.max(1e-6, Math.min(1 - 1e-6, rate));
  }
}
