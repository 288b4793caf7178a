package ai.maily.mesh.agents.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.predict.RateEstimate;
import org.junit.jupiter.api.Test;

class BetaIntervalsTest {

  @Test
  void aUniformPriorsIntervalIsItsQuantiles() {
    // Beta(1, 1) is uniform: its 5% and 95% quantiles are 0.05 and 0.95.
    RateEstimate rate = BetaIntervals.of(0.5, 2, 0.9);

    assertThat(rate.low()).isCloseTo(0.05, within(1e-4));
    assertThat(rate.high()).isCloseTo(0.95, within(1e-4));
    assertThat(rate.level()).isEqualTo(0.9);
  }

  @Test
  void matchesTheClosedFormOfBetaTwoTwo() {
    // For Beta(2, 2) the CDF is 3x² − 2x³; it is 0.05 at x = 0.13535.
    RateEstimate rate = BetaIntervals.of(0.5, 4, 0.9);

    assertThat(rate.low()).isCloseTo(0.1354, within(1e-4));
    assertThat(rate.high()).isCloseTo(1 - 0.1354, within(1e-4));
  }

  @Test
  void aStrongerPriorGivesANarrowerIntervalAroundTheSameMean() {
    RateEstimate weak = BetaIntervals.of(0.21, 25, 0.9);
    RateEstimate strong = BetaIntervals.of(0.21, 2500, 0.9);

    assertThat(weak.expected()).isEqualTo(strong.expected()).isEqualTo(0.21);
    assertThat(strong.high() - strong.low()).isLessThan((weak.high() - weak.low()) / 5);
    assertThat(weak.low()).isLessThan(0.21);
    assertThat(weak.high()).isGreaterThan(0.21);
  }

  @Test
  void aSmallRatesIntervalIsSkewedAndStaysAboveZero() {
    RateEstimate click = BetaIntervals.of(0.026, 60, 0.9);

    assertThat(click.low()).isGreaterThanOrEqualTo(0);
    assertThat(click.high() - click.expected()).isGreaterThan(click.expected() - click.low());
  }

  @Test
  void rejectsMeansOutsideTheOpenUnitInterval() {
    assertThatThrownBy(() -> BetaIntervals.of(0, 25, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BetaIntervals.of(0.2, 0, 0.9))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BetaIntervals.of(0.2, 25, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
