package ai.maily.mesh.analytics.predict;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The 168 hours of a week, Monday 00:00–00:59 being hour 0 and Sunday 23:00–23:59 hour 167, in the
 * recipient's time zone: the bins of the send-time histograms.
 */
public final class HourOfWeek {

  /** How many hours a week has. */
  public static final int HOURS = 168;

  private HourOfWeek() {}

  /** The hour of the week at which {@code at} falls in {@code zone}. */
  public static int of(Instant at, ZoneId zone) {
    ZonedDateTime local = at.atZone(zone);
    return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
  }

  /** The distance in hours between two hours of the week, the short way round (0 to 84). */
  public static int distance(int a, int b) {
    int d = Math.floorMod(require(a) - require(b), HOURS);
    return Math.min(d, HOURS - d);
  }

  /** The hour {@code offset} hours after {@code hour}, wrapping round the week. */
  public static int shift(int hour, int offset) {
    return Math.floorMod(require(hour) + offset, HOURS);
  }

  /** A reader's name for the hour, e.g. {@code Tue 19:00}. */
  public static String label(int hour) {
    require(hour);
    return DayOfWeek.of(hour / 24 + 1).getDisplayName(TextStyle.SHORT, Locale.ENGLISH)
        + String.format(Locale.ROOT, " %02d:00", hour % 24);
  }

  /** Returns {@code hour} when it is an hour of the week, otherwise throws. */
  public static int require(int hour) {
    if (hour < 0 || hour >= HOURS) {
      throw new IllegalArgumentException("an hour of the week lies in [0, 168), not " + hour);
    }
    return hour;
  }
}
