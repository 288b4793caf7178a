package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanPoolingTest {

  @Test
  void averagesTheMaskedTokensAndNormalises() {
    // Two texts, three tokens, two dimensions; the second text's last token is padding.
    float[] hidden = {
      1, 0, /**/ 3, 0, /**/ 2, 4, //
      0, 2, /**/ 0, 4, /**/ 100, 100,
    };
    long[][] mask = {{1, 1, 1}, {1, 1, 0}};

    Embedding[] pooled = MeanPooling.pool(hidden, mask, 3, 2);

    // Means (2, 4/3) and (0, 3), scaled to unit length.
    float[] first = pooled[0].toArray();
    double length = Math.hypot(2, 4.0 / 3);
    assertThat(first[0]).isCloseTo((float) (2 / length), within(1e-6f));
    assertThat(first[1]).isCloseTo((float) (4.0 / 3 / length), within(1e-6f));
    assertThat(pooled[1].toArray()).containsExactly(0f, 1f);
  }

  @Test
  void refusesAHiddenStateOfTheWrongShape() {
    assertThatThrownBy(() -> MeanPooling.pool(new float[5], new long[][] {{1, 1}}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesATextWithoutTokens() {
    assertThatThrownBy(() -> MeanPooling.pool(new float[4], new long[][] {{0, 0}}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
