package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.evaluation.Calibration;
import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineLogisticRegressionTest {

  private static final double[] TRUE_WEIGHTS = {-1.0, 2.0, -0.5, 0.0};

  /** An example drawn from the logistic model with {@link #TRUE_WEIGHTS}; x[0] is the bias. */
  private static float[] draw(SplittableRandom random) {
    return new float[] {
      1, (float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian()
    };
  }

  private static boolean label(float[] x, SplittableRandom random) {
    double margin = 0;
    for (int i = 0; i < x.length; i++) {
      margin += TRUE_WEIGHTS[i] * x[i];
    }
    return random.nextDouble() < Logistic.sigmoid(margin);
  }

  @Test
  void recoversTheWeightsOfAKnownLogisticSignal() {
    SplittableRandom random = new SplittableRandom(3);
    OnlineLogisticRegression model =
        OnlineLogisticRegression.create(4, new FtrlSettings(0.2, 1, 0, 0));
    for (int i = 0; i < 200_000; i++) {
      float[] x = draw(random);
      model.learn(x, label(x, random));
    }

    double[] w = model.weights();
    for (int i = 0; i < w.length; i++) {
      assertThat(w[i]).as("weight %d", i).isCloseTo(TRUE_WEIGHTS[i], within(0.1));
    }
  }

  @Test
  void itsProbabilitiesAreCalibratedOnFreshData() {
    SplittableRandom random = new SplittableRandom(5);
    OnlineLogisticRegression model = OnlineLogisticRegression.create(4, FtrlSettings.DEFAULTS);
    for (int i = 0; i < 100_000; i++) {
      float[] x = draw(random);
      model.learn(x, label(x, random));
    }
    List<Scored> fresh = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      float[] x = draw(random);
      fresh.add(new Scored(model.predict(x), label(x, random)));
    }

    assertThat(Calibration.of(fresh, 10).expectedCalibrationError()).isLessThan(0.02);
  }

  @Test
  void anL2PenaltyShrinksTheWeights() {
    // FTRL's L2 weighs against the whole accumulated loss, so 20,000 over 50,000 examples is a
    // penalty of about 0.4 per example.
    OnlineLogisticRegression free =
        OnlineLogisticRegression.create(4, new FtrlSettings(0.2, 1, 0, 0));
    OnlineLogisticRegression penalised =
        OnlineLogisticRegression.create(4, new FtrlSettings(0.2, 1, 0, 20_000));
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < 50_000; i++) {
      float[] x = draw(random);
      boolean y = label(x, random);
      free.learn(x, y);
      penalised.learn(x, y);
    }

    assertThat(Math.abs(penalised.weights()[1])).isLessThan(0.5 * Math.abs(free.weights()[1]));
  }

  @Test
  void anL1PenaltyKeepsAFeatureSeldomSeenAndWithoutSignalAtExactlyZero() {
    // FTRL's L1 zeroes a weight while its accumulated gradient stays below the penalty: a dense
    // feature's gradient noise grows past any fixed penalty, a rare feature's does not.
    SplittableRandom random = new SplittableRandom(9);
    OnlineLogisticRegression model =
        OnlineLogisticRegression.create(4, new FtrlSettings(0.1, 1, 5, 1));
    for (int i = 0; i < 50_000; i++) {
      float[] x = draw(random);
      x[3] = random.nextInt(1000) == 0 ? 1 : 0;
      model.learn(x, label(x, random));
    }

    assertThat(model.weights()[3]).isZero();
    assertThat(model.weights()[1]).isGreaterThan(1.5);
  }

  @Test
  void aRestoredSnapshotPredictsAndLearnsExactlyAsTheOriginal() {
    SplittableRandom random = new SplittableRandom(1);
    OnlineLogisticRegression original = OnlineLogisticRegression.create(4, FtrlSettings.DEFAULTS);
    for (int i = 0; i < 1000; i++) {
      float[] x = draw(random);
      original.learn(x, label(x, random));
    }
    OnlineLogisticRegression copy = OnlineLogisticRegression.restore(original.snapshot());
    for (int i = 0; i < 1000; i++) {
      float[] x = draw(random);
      boolean y = label(x, random);
      assertThat(copy.learn(x, y)).isEqualTo(original.learn(x, y));
    }

    assertThat(copy.snapshot()).isEqualTo(original.snapshot());
    assertThat(copy.progressiveLogLoss()).isEqualTo(original.progressiveLogLoss());
  }

  @Test
  void sigmoidAndLogLossStayFiniteForHugeMargins() {
    assertThat(Logistic.sigmoid(800)).isEqualTo(1.0);
    assertThat(Logistic.sigmoid(-800)).isEqualTo(0.0);
    assertThat(Logistic.sigmoid(0)).isEqualTo(0.5);
    assertThat(Logistic.logLoss(1000, false)).isEqualTo(1000.0);
    assertThat(Logistic.logLoss(-1000, true)).isEqualTo(1000.0);
    assertThat(Logistic.logLoss(1000, true)).isZero();
    assertThat(Logistic.logLoss(0, true)).isCloseTo(Math.log(2), within(1e-15));
    assertThat(Logistic.logLoss(-3, false))
        .isCloseTo(-Math.log(1 - Logistic.sigmoid(-3)), within(1e-15));
  }

  @Test
  void refusesAVectorOfTheWrongLengthOrWithNonFiniteValues() {
    OnlineLogisticRegression model = OnlineLogisticRegression.create(4, FtrlSettings.DEFAULTS);

    assertThatThrownBy(() -> model.predict(new float[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads 4 features");
    assertThatThrownBy(() -> model.learn(new float[] {1, Float.NaN, 0, 0}, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not finite");
    assertThat(model.examples()).isZero();
  }
}
