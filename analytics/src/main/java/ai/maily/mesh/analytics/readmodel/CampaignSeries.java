package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.rates.BucketCounts;
import java.util.List;

/**
 * A campaign's counts over time.
 *
 * @param campaignId the campaign
 * @param bucket the buckets' width
 * @param points one per bucket that has events, oldest first
 */
public record CampaignSeries(String campaignId, TimeBucket bucket, List<BucketCounts> points) {
  public CampaignSeries {
    points = List.copyOf(points);
  }
}
