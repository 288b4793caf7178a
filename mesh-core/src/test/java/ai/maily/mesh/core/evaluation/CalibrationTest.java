package ai.maily.mesh.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  @Test
  void computesBrierLogLossAndTheReliabilityTableByHand() {
    // Bin [0, 0.5): 0.2 (negative), 0.4 (positive); bin [0.5, 1]: 0.9 (positive), 1.0 (positive).
    Calibration calibration =
        Calibration.of(
            List.of(
                new Scored(0.2, false),
                new Scored(0.4, true),
                new Scored(0.9, true),
                new Scored(1.0, true)),
            2);

    assertThat(calibration.examples()).isEqualTo(4);
    assertThat(calibration.brier()).isCloseTo((0.04 + 0.36 + 0.01 + 0.0) / 4, within(1e-12));
    assertThat(calibration.logLoss())
        .isCloseTo(
            -(Math.log(0.8) + Math.log(0.4) + Math.log(0.9) + Math.log(1 - 1e-15)) / 4,
            within(1e-12));
    Calibration.Bin low = calibration.bins().get(0);
    Calibration.Bin high = calibration.bins().get(1);
    assertThat(List.of(low.from(), low.to(), high.from(), high.to()))
        .containsExactly(0.0, 0.5, 0.5, 1.0);
    assertThat(List.of(low.count(), high.count())).containsExactly(2L, 2L);
    assertThat(low.meanPredicted()).isCloseTo(0.3, within(1e-12));
    assertThat(low.observedRate()).isEqualTo(0.5);
    assertThat(high.meanPredicted()).isCloseTo(0.95, within(1e-12));
    assertThat(high.observedRate()).isEqualTo(1.0);
    // Both bins hold half the examples; their gaps are 0.2 and 0.05.
    assertThat(calibration.expectedCalibrationError()).isCloseTo(0.125, within(1e-12));
  }

  @Test
  void findsOutcomesDrawnFromTheirOwnProbabilitiesCalibrated() {
    SplittableRandom random = new SplittableRandom(7);
    List<Scored> examples = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      double p = random.nextDouble();
      examples.add(new Scored(p, random.nextDouble() < p));
    }

    Calibration calibration = Calibration.of(examples, 10);

    assertThat(calibration.expectedCalibrationError()).isLessThan(0.01);
    // The Brier score of a calibrated uniform forecast is E[p(1 - p)] = 1/6.
    assertThat(calibration.brier()).isCloseTo(1.0 / 6, within(0.005));
  }

  @Test
  void findsAnOverconfidentForecastMiscalibrated() {
    SplittableRandom random = new SplittableRandom(7);
    List<Scored> examples = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      double p = random.nextDouble();
      // Outcomes are less extreme than the forecast says.
      double truth = 0.25 + 0.5 * p;
      examples.add(new Scored(p, random.nextDouble() < truth));
    }

    assertThat(Calibration.of(examples, 10).expectedCalibrationError()).isGreaterThan(0.1);
  }

  @Test
  void refusesScoresThatAreNotProbabilities() {
    assertThatThrownBy(() -> Calibration.of(List.of(new Scored(1.5, true)), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
  }
}
