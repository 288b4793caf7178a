package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.recommend.Recommendation;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Advice as {@code GET /analytics/recommendations} shows it, most confident first. */
record RecommendationListView(List<Item> recommendations) {

  /** One piece of advice; {@code rule} is {@code threshold}, {@code trend}, ... */
  record Item(
      String code,
      String rule,
      String subject,
      String message,
      double confidence,
      Map<String, Double> evidence) {}

  static RecommendationListView of(List<Recommendation> advice) {
    return new RecommendationListView(
        advice.stream()
            .map(
                r ->
                    new Item(
                        r.code(),
                        r.rule().name().toLowerCase(Locale.ROOT),
                        r.subject(),
                        r.message(),
                        r.confidence(),
                        r.evidence()))
            .toList());
  }
}
