package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.util.Map;

/**
 * What the read model knows of one campaign of a tenant.
 *
 * @param campaignId the campaign
 * @param counts over every channel; a contact who clicks on two channels is one unique click here
 * @param byChannel the counts of each channel the campaign has engagement on
 * @param offset the store offset the read model had reached when this was read
 */
public record CampaignAnalytics(
    String campaignId,
    EngagementCounts counts,
    Map<Channel, EngagementCounts> byChannel,
    long offset) {

  public CampaignAnalytics {
    byChannel = Map.copyOf(byChannel);
  }
}
