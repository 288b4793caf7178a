package ai.maily.mesh.core.predict;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * An hour of the ISO week in local time: 0 is Monday 00:00–00:59, 167 is Sunday 23:00–23:59.
 *
 * @param value the hour's index, {@code (isoDay - 1) * 24 + hour}, in [0, 168)
 */
public record HourOfWeek(int value) {

  /** How many hours a week has. */
  public static final int HOURS = 7 * 24;

  public HourOfWeek {
    if (value < 0 || value >= HOURS) {
      throw new IllegalArgumentException("an hour of the week lies in [0, 168), got " + value);
    }
  }

  /** The hour starting at {@code hour}:00 on {@code day}; requires 0 <= hour < 24. */
  public static HourOfWeek of(DayOfWeek day, int hour) {
    if (hour < 0 || hour >= 24) {
      throw new IllegalArgumentException("an hour of the day lies in [0, 24), got " + hour);
    }
    return new HourOfWeek((day.getValue() - 1) * 24 + hour);
  }

  /** The hour of the week that {@code time} falls in, in its own zone. */
  public static HourOfWeek of(ZonedDateTime time) {
    return of(time.getDayOfWeek(), time.getHour());
  }

  public DayOfWeek day() {
    return DayOfWeek.of(value / 24 + 1);
  }

  /** The hour of the day, 0 to 23. */
  public int hour() {
    return value % 24;
  }

  /**
   * The first start of this hour at or after {@code from}, in {@code from}'s zone. Where a clock
   * change skips the hour that day, the time is shifted forward by the gap, as {@link
   * ZonedDateTime#of} does.
   */
  public ZonedDateTime nextAt(ZonedDateTime from) {
    LocalDate day = from.toLocalDate().with(TemporalAdjusters.nextOrSame(day()));
    ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(hour(), 0), from.getZone());
    return start.isBefore(from)
        ? ZonedDateTime.of(day.plusWeeks(1), LocalTime.of(hour(), 0), from.getZone())
        : start;
  }
}
