package ai.maily.mesh.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProportionTest {

  @Test
  void wilsonIntervalMatchesTheFormulaWorkedByHand() {
    // 10 of 50 at 95%: z = 1.959964, centre = (0.2 + z²/100) / (1 + z²/50) = 0.221404,
    // half-width = z / (1 + z²/50) * sqrt(0.2 * 0.8 / 50 + z²/10000) = 0.108967.
    Estimate interval = new Proportion(10, 50).wilson(0.95);

    assertThat(interval.value()).isEqualTo(0.2);
    assertThat(interval.low()).isCloseTo(0.11243, within(1e-4));
    assertThat(interval.high()).isCloseTo(0.33037, within(1e-4));
  }

  @Test
  void wilsonIntervalCoversTheTrueRateAtItsLevel() {
    SplittableRandom random = new SplittableRandom(11);
    // The exact coverage for 300 trials at 0.2 is 0.9035; 4,000 runs estimate it to ±0.005.
    double truth = 0.2;
    int covered = 0;
    int runs = 4000;
    for (int run = 0; run < runs; run++) {
      int successes = 0;
      for (int i = 0; i < 300; i++) {
        successes += random.nextDouble() < truth ? 1 : 0;
      }
      covered += new Proportion(successes, 300).wilson(0.9).contains(truth) ? 1 : 0;
    }
    assertThat((double) covered / runs).isBetween(0.885, 0.92);
  }

  @Test
  void withNoTrialsTheIntervalIsEverything() {
    Estimate interval = new Proportion(0, 0).wilson(0.9);
    assertThat(interval.low()).isZero();
    assertThat(interval.high()).isEqualTo(1.0);
  }

  @Test
  void confidenceThatOneRateIsHigherIsTheTwoProportionZTest() {
    // 120/1000 against 80/1000: pooled 0.1, se = sqrt(0.1 * 0.9 * 0.002) = 0.013416, z = 2.9814.
    assertThat(new Proportion(120, 1000).confidenceHigherThan(new Proportion(80, 1000)))
        .isCloseTo(0.998566, within(1e-5));
    assertThat(new Proportion(80, 1000).confidenceHigherThan(new Proportion(120, 1000)))
        .isCloseTo(1 - 0.998566, within(1e-5));
    assertThat(new Proportion(0, 0).confidenceHigherThan(new Proportion(5, 10))).isEqualTo(0.5);
  }

  @Test
  void refusesMoreSuccessesThanTrials() {
    assertThatThrownBy(() -> new Proportion(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("successes <= trials");
  }
}
