package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.readmodel.CampaignSeries;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A campaign's counts over time as {@code GET /analytics/campaigns/{id}/series} shows them. */
record SeriesView(String campaignId, String bucket, List<Point> points) {

  /** One bucket: when it began, its counts and their rates. */
  record Point(Instant start, EngagementCounts counts, Map<String, Double> rates) {}

  static SeriesView of(CampaignSeries series) {
    return new SeriesView(
        series.campaignId(),
        series.bucket().wireName(),
        series.points().stream()
            .map(p -> new Point(p.start(), p.counts(), CampaignView.rates(p.counts())))
            .toList());
  }
}
