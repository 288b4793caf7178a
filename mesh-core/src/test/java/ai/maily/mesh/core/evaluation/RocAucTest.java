package ai.maily.mesh.core.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

class RocAucTest {

  @Test
  void isOneWhenEveryPositiveOutranksEveryNegative() {
    assertThat(
            RocAuc.of(
                List.of(
                    new Scored(0.1, false),
                    new Scored(0.2, false),
                    new Scored(0.8, true),
                    new Scored(0.9, true))))
        .isEqualTo(1.0);
  }

  @Test
  void isZeroWhenTheRankingIsReversed() {
    assertThat(RocAuc.of(List.of(new Scored(0.9, false), new Scored(0.1, true)))).isEqualTo(0.0);
  }

  @Test
  void countsTiesAsHalf() {
    assertThat(RocAuc.of(List.of(new Scored(5, false), new Scored(5, true)))).isEqualTo(0.5);
  }

  @Test
  void countsPairsInAMixedRanking() {
    // Positives at 0.4 and 0.8, negatives at 0.3, 0.5 and 0.9: of the 6 pairs, 0.4 beats 0.3,
    // 0.8 beats 0.3 and 0.5, so 3 of 6.
    double auc =
        RocAuc.of(
            List.of(
                new Scored(0.3, false),
                new Scored(0.4, true),
                new Scored(0.5, false),
                new Scored(0.8, true),
                new Scored(0.9, false)));
    assertThat(auc).isCloseTo(0.5, within(1e-12));
  }
}
