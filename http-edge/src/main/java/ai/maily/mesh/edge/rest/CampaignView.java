package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.readmodel.CampaignAnalytics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A campaign's analytics as the API shows them (ARCHITECTURE §5): its counts, its rates (unique
 * opens and clicks, unsubscribes and complaints per delivered message, bounces per sent one), the
 * same per channel, and the read model's offset.
 */
public record CampaignView(
    String campaignId,
    EngagementCounts counts,
    Map<String, Double> rates,
    Map<String, ChannelView> byChannel,
    long offset) {

  /** One channel's counts and rates. */
  public record ChannelView(EngagementCounts counts, Map<String, Double> rates) {}

  public static CampaignView of(CampaignAnalytics campaign) {
    Map<String, ChannelView> byChannel = new LinkedHashMap<>();
    for (Map.Entry<Channel, EngagementCounts> channel : campaign.byChannel().entrySet()) {
      byChannel.put(
          channel.getKey().wireName(),
          new ChannelView(channel.getValue(), rates(channel.getValue())));
    }
    return new CampaignView(
        campaign.campaignId(),
        campaign.counts(),
        rates(campaign.counts()),
        byChannel,
        campaign.offset());
  }

  /** Each {@link RateMetric} by its camel-case name, e.g. {@code openRate}; 0 with no trials. */
  static Map<String, Double> rates(EngagementCounts counts) {
    Map<String, Double> rates = new LinkedHashMap<>();
    for (RateMetric metric : RateMetric.values()) {
      rates.put(camelCase(metric.code()), metric.of(counts).rate());
    }
    return rates;
  }

  private static String camelCase(String code) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : code.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }
}
