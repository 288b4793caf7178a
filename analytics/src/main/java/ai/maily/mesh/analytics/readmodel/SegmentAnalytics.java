package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the read model knows of one segment of a tenant: the engagement of the events whose
 * attributes name it.
 *
 * @param segment the segment
 * @param counts over all its campaigns
 * @param campaigns its counts in each campaign, by campaign id
 */
public record SegmentAnalytics(
    String segment, EngagementCounts counts, Map<String, EngagementCounts> campaigns) {
  public SegmentAnalytics {
    campaigns = Collections.unmodifiableMap(new LinkedHashMap<>(campaigns));
  }
}
