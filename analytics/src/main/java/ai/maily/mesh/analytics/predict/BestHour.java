package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.stats.Estimate;
import ai.maily.mesh.core.CborSerializable;

/**
 * The hour of the week at which a send is most likely to be opened, and how likely.
 *
 * @param hourOfWeek 0 = Monday 00:00 in the recipient's time zone ({@link HourOfWeek})
 * @param label the hour for readers, e.g. {@code Tue 19:00}
 * @param openRate the smoothed open rate at that hour, with its credible interval
 * @param sendsNear the (kernel-weighted) sends observed around that hour; 0 means the answer is the
 *     prior's alone
 */
public record BestHour(int hourOfWeek, String label, Estimate openRate, double sendsNear)
    implements CborSerializable {}
