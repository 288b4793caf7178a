package ai.maily.mesh.analytics.readmodel;

/**
 * A campaign's engagement counts, on one channel or on all. Unique opens and clicks count each
 * contact once.
 */
public record CampaignCounts(
    long sent,
    long delivered,
    long opens,
    long uniqueOpens,
    long clicks,
    long uniqueClicks,
    long bounces,
    long unsubscribes,
    long complaints) {

  /** No engagement yet. */
  public static final CampaignCounts NONE = new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Unique opens per delivered message (per sent one when no delivery was reported); 0 if none. */
  public double openRate() {
    return ratio(uniqueOpens, reached());
  }

  /** Unique clicks per delivered message (per sent one when no delivery was reported). */
  public double clickRate() {
    return ratio(uniqueClicks, reached());
  }

  /** Unique clicks per unique open. */
  public double clickToOpenRate() {
    return ratio(uniqueClicks, uniqueOpens);
  }

  /** Bounces per sent message. */
  public double bounceRate() {
    return ratio(bounces, sent);
  }

  /** Unsubscribes per delivered message. */
  public double unsubscribeRate() {
    return ratio(unsubscribes, reached());
  }

  /** Complaints per delivered message. */
  public double complaintRate() {
    return ratio(complaints, reached());
  }

  /** Delivered messages, or sent ones when no delivery was reported. */
  public long reached() {
    return delivered > 0 ? delivered : sent;
  }

  private static double ratio(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
