package ai.maily.mesh.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UnitVectorTest {

  @Test
  void scalesAnyDirectionToUnitLength() {
    UnitVector vector = UnitVector.of(new float[] {3, 4});

    assertThat(vector.toArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-6f));
    assertThat(vector.similarity(vector)).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void similarityIsTheCosineOfTheAngle() {
    UnitVector x = UnitVector.of(new float[] {1, 0});

    assertThat(x.similarity(UnitVector.of(new float[] {0, 2}))).isCloseTo(0, within(1e-9));
    assertThat(x.similarity(UnitVector.of(new float[] {-5, 0}))).isCloseTo(-1, within(1e-9));
    assertThat(x.similarity(UnitVector.of(new float[] {1, 1})))
        .isCloseTo(Math.sqrt(0.5), within(1e-6));
  }

  @Test
  void refusesVectorsWithoutADirection() {
    assertThatThrownBy(() -> UnitVector.of(new float[0]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnitVector.of(new float[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> UnitVector.of(new float[] {Float.NaN, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsBackOnlyVectorsOfUnitLength() {
    float[] unit = UnitVector.of(new float[] {1, 2, 3}).toArray();

    assertThat(UnitVector.stored(unit).toArray()).isEqualTo(unit);
    assertThatThrownBy(() -> UnitVector.stored(new float[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesOnlyVectorsOfTheSameDimensions() {
    assertThatThrownBy(
            () ->
                UnitVector.of(new float[] {1, 0}).similarity(UnitVector.of(new float[] {1, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dimensions differ");
  }
}
