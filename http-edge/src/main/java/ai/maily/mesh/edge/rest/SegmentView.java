package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.readmodel.SegmentAnalytics;
import java.util.List;
import java.util.Map;

/** A segment's engagement as {@code GET /analytics/segments/{segment}} shows it. */
record SegmentView(
    String segment, EngagementCounts counts, Map<String, Double> rates, List<Campaign> campaigns) {

  /** The segment's engagement in one campaign. */
  record Campaign(String campaignId, EngagementCounts counts, Map<String, Double> rates) {}

  static SegmentView of(SegmentAnalytics segment) {
    return new SegmentView(
        segment.segment(),
        segment.counts(),
        CampaignView.rates(segment.counts()),
        segment.campaigns().entrySet().stream()
            .map(c -> new Campaign(c.getKey(), c.getValue(), CampaignView.rates(c.getValue())))
            .toList());
  }
}
