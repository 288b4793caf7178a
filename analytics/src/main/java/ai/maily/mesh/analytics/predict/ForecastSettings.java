package ai.maily.mesh.analytics.predict;

/**
 * How forecasts are made.
 *
 * @param level the probability of the reported intervals
 * @param minCampaigns the fewest past campaigns from which the campaign-to-campaign spread is
 *     estimated; with fewer, {@code defaultDispersion} stands in
 * @param defaultDispersion ρ, the share of a rate's variance that is between campaigns, used
 *     without enough history
 * @param recentCampaigns how many of the most recent past campaigns are used: audiences change, and
 *     a long history would forecast the audience as it was
 */
public record ForecastSettings(
    double level, int minCampaigns, double defaultDispersion, int recentCampaigns) {

  /** 90%, 3 campaigns, ρ = 0.005, the last 12 campaigns (ADR 0033). */
  public static final ForecastSettings DEFAULTS = new ForecastSettings(0.9, 3, 0.005, 12);

  public ForecastSettings {
    if (!(level > 0 && level < 1)
        || minCampaigns < 2
        || !(defaultDispersion > 0 && defaultDispersion < 1)
        || recentCampaigns < minCampaigns) {
      throw new IllegalArgumentException("invalid forecast settings");
    }
  }
}
