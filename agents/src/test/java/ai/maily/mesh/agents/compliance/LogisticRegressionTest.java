package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

  private static final LogisticRegression TRAINING = new LogisticRegression(500, 0.5, 0.001);

  /** Two clouds in 8 dimensions, apart along the first axis, with a fixed seed. */
  private static List<float[]> clouds(int perClass, List<Boolean> labels) {
    Random random = new Random(7);
    List<float[]> points = new ArrayList<>();
    for (int i = 0; i < 2 * perClass; i++) {
      boolean spam = i % 2 == 0;
      float[] x = new float[8];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) (random.nextGaussian() * 0.05);
      }
      x[0] += spam ? 0.3f : -0.3f;
      points.add(x);
      labels.add(spam);
    }
    return points;
  }

  @Test
  void separatesASeparableSet() {
    List<Boolean> labels = new ArrayList<>();
    List<float[]> points = clouds(50, labels);

    SpamModel model = TRAINING.fit(points, labels);

    for (int i = 0; i < points.size(); i++) {
      double p = model.probability(points.get(i));
      assertThat(p).isBetween(0.0, 1.0);
      if (labels.get(i)) {
        assertThat(p).isGreaterThan(0.9);
      } else {
        assertThat(p).isLessThan(0.1);
      }
    }
  }

  @Test
  void learnsTheSignOfTheInformativeFeatureOnRawInputs() {
    List<Boolean> labels = new ArrayList<>();
    SpamModel model = TRAINING.fit(clouds(50, labels), labels);

    // The scaling is folded back: the model reads raw values, so a point far out on the spam
    // side of the first axis is spam, and the uninformative axes weigh less.
    float[] farSpam = new float[8];
    farSpam[0] = 1f;
    assertThat(model.probability(farSpam)).isGreaterThan(0.99);
    double[] w = model.weights();
    for (int j = 1; j < w.length; j++) {
      assertThat(Math.abs(w[j])).isLessThan(Math.abs(w[0]));
    }
  }

  @Test
  void givesTheSameWeightsForTheSameExamples() {
    List<Boolean> labels = new ArrayList<>();
    List<float[]> points = clouds(30, labels);

    SpamModel first = TRAINING.fit(points, labels);
    SpamModel second = TRAINING.fit(points, labels);

    assertThat(second.weights()).containsExactly(first.weights());
    assertThat(second.bias()).isEqualTo(first.bias());
  }

  @Test
  void leansTowardsTheLabelWhoseExamplesWeighMore() {
    // The same point labelled both ways: weights alone decide which way the model leans.
    List<float[]> points = List.of(new float[] {0.1f}, new float[] {0.1f});
    List<Boolean> labels = List.of(true, false);

    SpamModel spamHeavy = TRAINING.fit(points, labels, new double[] {3, 1});
    SpamModel hamHeavy = TRAINING.fit(points, labels, new double[] {1, 3});

    assertThat(spamHeavy.probability(new float[] {0.1f})).isGreaterThan(0.7);
    assertThat(hamHeavy.probability(new float[] {0.1f})).isLessThan(0.3);
  }

  @Test
  void needsBothLabels() {
    assertThatThrownBy(
            () -> TRAINING.fit(List.of(new float[] {1f}, new float[] {2f}), List.of(true, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both labels");
  }
}
