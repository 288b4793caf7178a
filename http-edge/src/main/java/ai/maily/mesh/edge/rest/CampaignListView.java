package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.readmodel.CampaignSummary;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The tenant's campaigns as {@code GET /analytics/campaigns} shows them, most recent first. */
record CampaignListView(List<Item> campaigns) {

  /** One campaign: its counts and rates over every channel, and when its latest event occurred. */
  record Item(
      String campaignId, EngagementCounts counts, Map<String, Double> rates, Instant lastEventAt) {}

  static CampaignListView of(List<CampaignSummary> campaigns) {
    return new CampaignListView(
        campaigns.stream()
            .map(
                c ->
                    new Item(
                        c.campaignId(),
                        c.counts(),
                        CampaignView.rates(c.counts()),
                        c.lastEventAt()))
            .toList());
  }
}
