package ai.maily.mesh.core.budget;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How long a tenant's budget lasts before its use starts again from nothing: a UTC calendar day or
 * month, or for ever. A task's budget lasts as long as the task.
 */
public enum BudgetPeriod {
  DAY(DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC)),
  MONTH(DateTimeFormatter.ofPattern("uuuu-MM").withZone(ZoneOffset.UTC)),
  NONE(null);

  private final DateTimeFormatter key;

  BudgetPeriod(DateTimeFormatter key) {
    this.key = key;
  }

  /**
   * The name of the period {@code at} falls in: {@code 2026-11}, {@code 2026-11-25} or {@code all}.
   */
  public String keyOf(Instant at) {
    return key == null ? "all" : key.format(at);
  }

  /** The period named in configuration: {@code day}, {@code month} or {@code none}. */
  public static BudgetPeriod fromConfig(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
