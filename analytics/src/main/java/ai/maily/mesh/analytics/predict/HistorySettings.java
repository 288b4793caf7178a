package ai.maily.mesh.analytics.predict;

import java.time.Duration;
import java.util.Objects;

/**
 * How a contact's history follows its sends.
 *
 * @param attributionWindow how long after a send an open or click still counts for it; the send is
 *     labelled (and learned from) when the window closes
 * @param recencyHalfLife the half-life of the decayed counts behind the "recent" features
 * @param maxPending the most sends followed at once per contact; beyond it the oldest is labelled
 *     early, so that a contact's state stays bounded
 */
public record HistorySettings(
    Duration attributionWindow, Duration recencyHalfLife, int maxPending) {

  /** Three days, two weeks, 16 sends (ADR 0033). */
  public static final HistorySettings DEFAULTS =
      new HistorySettings(Duration.ofDays(3), Duration.ofDays(14), 16);

  public HistorySettings {
    Objects.requireNonNull(attributionWindow, "attributionWindow");
    Objects.requireNonNull(recencyHalfLife, "recencyHalfLife");
    if (attributionWindow.isNegative()
        || attributionWindow.isZero()
        || recencyHalfLife.isNegative()
        || recencyHalfLife.isZero()
        || maxPending < 1) {
      throw new IllegalArgumentException(
          "the window and half-life must be positive and at least one send followed");
    }
  }
}
