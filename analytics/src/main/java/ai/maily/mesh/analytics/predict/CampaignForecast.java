package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.stats.Estimate;
import ai.maily.mesh.core.CborSerializable;

/**
 * What a draft sent to a segment is expected to do.
 *
 * @param audience the deliveries the forecast is for
 * @param basis where the expected rates come from: {@code segment-history} or {@code
 *     contact-predictions}
 * @param campaigns how many past campaigns of the segment informed it
 * @param opens expected unique opens, with their interval
 * @param clicks expected unique clicks, with their interval
 * @param openRate expected unique opens per delivery, with its interval
 * @param clickRate expected unique clicks per delivery, with its interval
 */
public record CampaignForecast(
    long audience,
    String basis,
    int campaigns,
    Estimate opens,
    Estimate clicks,
    Estimate openRate,
    Estimate clickRate)
    implements CborSerializable {

  public static final String SEGMENT_HISTORY = "segment-history";
  public static final String CONTACT_PREDICTIONS = "contact-predictions";
}
