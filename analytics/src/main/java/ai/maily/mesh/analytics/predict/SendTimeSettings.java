package ai.maily.mesh.analytics.predict;

/**
 * How the send-time model smooths its 168 hour-of-week bins.
 *
 * @param segmentPriorStrength pseudo-sends by which a segment's hour is pulled towards the
 *     segment's overall open rate
 * @param contactPriorStrength pseudo-sends by which a contact's hour is pulled towards its
 *     segment's rate at that hour
 * @param kernelHalfWidth hours either side pooled into each hour (triangular weights)
 * @param level the probability of the reported interval
 */
public record SendTimeSettings(
    double segmentPriorStrength, double contactPriorStrength, int kernelHalfWidth, double level) {

  /** 20 and 50 pseudo-sends, ±2 hours, 90% (ADR 0033). */
  public static final SendTimeSettings DEFAULTS = new SendTimeSettings(20, 50, 2, 0.9);

  public SendTimeSettings {
    if (!(segmentPriorStrength > 0)
        || !(contactPriorStrength > 0)
        || kernelHalfWidth < 0
        || kernelHalfWidth > 83
        || !(level > 0 && level < 1)) {
      throw new IllegalArgumentException("invalid send-time settings");
    }
  }
}
