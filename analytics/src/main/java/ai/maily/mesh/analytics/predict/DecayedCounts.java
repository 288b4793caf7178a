package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Resolved sends, opens and clicks, each weighted by 2^(-age / half-life): a contact's recent
 * engagement, which fades when the contact goes quiet.
 *
 * @param sends the decayed number of resolved sends
 * @param opened the decayed number of them that were opened
 * @param clicked the decayed number of them that were clicked
 * @param asOf the instant the weights refer to; null when nothing has been counted
 */
public record DecayedCounts(double sends, double opened, double clicked, Instant asOf)
    implements CborSerializable {

  public static final DecayedCounts NONE = new DecayedCounts(0, 0, 0, null);

  /** The counts as seen from {@code at}: older by the time between, never younger. */
  public DecayedCounts at(Instant at, Duration halfLife) {
    if (asOf == null || !at.isAfter(asOf)) {
      return asOf == null ? new DecayedCounts(0, 0, 0, at) : this;
    }
    double factor =
        Math.pow(0.5, (double) Duration.between(asOf, at).toMillis() / halfLife.toMillis());
    return new DecayedCounts(sends * factor, opened * factor, clicked * factor, at);
  }

  /** The counts at {@code at} with one more resolved send. */
  public DecayedCounts plus(Instant at, Duration halfLife, boolean wasOpened, boolean wasClicked) {
    DecayedCounts now = at(at, halfLife);
    return new DecayedCounts(
        now.sends + 1,
        now.opened + (wasOpened ? 1 : 0),
        now.clicked + (wasClicked ? 1 : 0),
        now.asOf);
  }
}
