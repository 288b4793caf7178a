package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpamModelTest {

  @Test
  void loadsTheShippedWeightsForTheEmbeddingDimensions() {
    SpamModel model = SpamModel.shipped();

    assertThat(model.dimensions()).isEqualTo(384);
    assertThat(model.weights()).doesNotContain(Double.NaN);
    assertThat(model.probability(new float[384])).isBetween(0.0, 1.0);
  }

  @Test
  void survivesItsJsonForm() {
    SpamModel model = new SpamModel(new double[] {1.5, -0.25, 3e-4}, -0.5);

    SpamModel read = SpamModel.fromJson(model.toJson("a test"));

    assertThat(read.weights()).containsExactly(1.5, -0.25, 3e-4);
    assertThat(read.bias()).isEqualTo(-0.5);
  }

  @Test
  void keepsProbabilitiesInRangeForHugeScores() {
    SpamModel model = new SpamModel(new double[] {1e6}, 0);

    assertThat(model.probability(new float[] {1f})).isEqualTo(1.0);
    assertThat(model.probability(new float[] {-1f})).isEqualTo(0.0);
    assertThat(model.probability(new float[] {0f})).isEqualTo(0.5);
  }
}
