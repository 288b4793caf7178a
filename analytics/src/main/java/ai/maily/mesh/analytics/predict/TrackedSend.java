package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A send followed through its attribution window: the features the prediction saw when it went out,
 * and whether it has been opened or clicked since. Once the window closes its flags are the labels
 * the model learns from.
 *
 * @param campaignId the campaign it belongs to
 * @param sentAt when it went out
 * @param hourOfWeek the hour of the week it went out, in the contact's time zone
 * @param features the feature vector at send time ({@link EngagementFeatures})
 * @param opened whether it was opened (or clicked) within the window
 * @param clicked whether it was clicked within the window
 */
public record TrackedSend(
    String campaignId,
    Instant sentAt,
    int hourOfWeek,
    float[] features,
    boolean opened,
    boolean clicked)
    implements CborSerializable {

  public TrackedSend {
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(sentAt, "sentAt");
    HourOfWeek.require(hourOfWeek);
    features = features.clone();
    if (clicked && !opened) {
      throw new IllegalArgumentException("a clicked send is an opened send");
    }
  }

  /** A copy of the features. */
  @Override
  public float[] features() {
    return features.clone();
  }

  /** The same send, opened. */
  public TrackedSend markOpened() {
    return new TrackedSend(campaignId, sentAt, hourOfWeek, features, true, clicked);
  }

  /** The same send, clicked (and so opened). */
  public TrackedSend markClicked() {
    return new TrackedSend(campaignId, sentAt, hourOfWeek, features, true, true);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrackedSend that
        && campaignId.equals(that.campaignId)
        && sentAt.equals(that.sentAt)
        && hourOfWeek == that.hourOfWeek
        && Arrays.equals(features, that.features)
        && opened == that.opened
        && clicked == that.clicked;
  }

  @Override
  public int hashCode() {
    return Objects.hash(campaignId, sentAt, hourOfWeek, Arrays.hashCode(features), opened, clicked);
  }

  @Override
  public String toString() {
    return "TrackedSend["
        + campaignId
        + " at "
        + sentAt
        + ", opened="
        + opened
        + ", clicked="
        + clicked
        + "]";
  }
}
