package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.readmodel.CampaignAnomaly;
import java.time.Instant;
import java.util.List;

/** Anomalies of campaigns' hourly series as {@code GET /analytics/anomalies} shows them. */
record AnomalyListView(List<Item> anomalies) {

  /** One anomaly; {@code metric} is the rate's code, e.g. {@code bounce-rate}. */
  record Item(
      String subject,
      String campaignId,
      String metric,
      Instant bucketStart,
      double observed,
      double expected,
      double z,
      long trials,
      boolean bad) {}

  static AnomalyListView of(List<CampaignAnomaly> anomalies) {
    return new AnomalyListView(
        anomalies.stream()
            .map(
                found -> {
                  Anomaly a = found.anomaly();
                  return new Item(
                      found.subject(),
                      found.campaignId(),
                      a.metric().code(),
                      a.bucketStart(),
                      a.observed(),
                      a.expected(),
                      a.z(),
                      a.trials(),
                      a.bad());
                })
            .toList());
  }
}
