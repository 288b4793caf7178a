package ai.maily.mesh.core.predict;

import java.util.Objects;

/**
 * How an audience is expected to respond to one email.
 *
 * @param open the share of delivered emails that will be opened
 * @param click the share of delivered emails whose links will be clicked (not of opened ones)
 * @param basis how many delivered emails of comparable sends the forecast rests on
 */
public record EngagementForecast(RateEstimate open, RateEstimate click, long basis) {

  public EngagementForecast {
    Objects.requireNonNull(open, "open");
    Objects.requireNonNull(click, "click");
    if (basis < 0) {
      throw new IllegalArgumentException("basis must not be negative, got " + basis);
    }
  }
}
