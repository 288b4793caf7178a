package ai.maily.mesh.analytics.rates;

import ai.maily.mesh.core.CborSerializable;

/**
 * What happened to the messages of a campaign, segment or time bucket, in the field names of the
 * campaign analytics contract (ARCHITECTURE §5). Opens and clicks count every event; the unique
 * counts count each recipient once, and the rates use them.
 */
public record EngagementCounts(
    long sent,
    long delivered,
    long opens,
    long uniqueOpens,
    long clicks,
    long uniqueClicks,
    long bounces,
    long unsubscribes,
    long complaints)
    implements CborSerializable {

  public static final EngagementCounts NONE = new EngagementCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public EngagementCounts {
    if (sent < 0
        || delivered < 0
        || opens < 0
        || uniqueOpens < 0
        || clicks < 0
        || uniqueClicks < 0
        || bounces < 0
        || unsubscribes < 0
        || complaints < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (uniqueOpens > opens || uniqueClicks > clicks) {
      throw new IllegalArgumentException("unique counts cannot exceed the counts of events");
    }
  }

  /** The sum of two sets of counts. */
  public EngagementCounts plus(EngagementCounts other) {
    return new EngagementCounts(
        sent + other.sent,
        delivered + other.delivered,
        opens + other.opens,
        uniqueOpens + other.uniqueOpens,
        clicks + other.clicks,
        uniqueClicks + other.uniqueClicks,
        bounces + other.bounces,
        unsubscribes + other.unsubscribes,
        complaints + other.complaints);
  }
}
