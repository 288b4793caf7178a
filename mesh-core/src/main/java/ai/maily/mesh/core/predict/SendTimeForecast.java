package ai.maily.mesh.core.predict;

import java.util.Objects;

/**
 * The best hour of the week to send to an audience.
 *
 * @param hour the hour, in the audience's local time
 * @param open the open rate expected at that hour
 * @param basis how many delivered emails the forecast rests on
 */
public record SendTimeForecast(HourOfWeek hour, RateEstimate open, long basis) {

  public SendTimeForecast {
    Objects.requireNonNull(hour, "hour");
    Objects.requireNonNull(open, "open");
    if (basis < 0) {
      throw new IllegalArgumentException("basis must not be negative, got " + basis);
    }
  }
}
