package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.embedding.Embedding;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmrTest {

  // Three directions: a and its near-copy a2, and b, unlike both.
  private static final Embedding A = Embedding.normalized(new float[] {1, 0, 0});
  private static final Embedding A2 = Embedding.normalized(new float[] {1, 0.1f, 0});
  private static final Embedding B = Embedding.normalized(new float[] {0, 1, 0.2f});
  private static final List<Embedding> CANDIDATES = List.of(A, A2, B);
  private static final double[] RELEVANCE = {0.9, 0.88, 0.6};
  private static final int[] OWN_GROUPS = {0, 1, 2};

  @Test
  void withLambdaOneRanksByRelevanceAlone() {
    assertThat(Mmr.select(RELEVANCE, CANDIDATES, OWN_GROUPS, 3, 1.0)).containsExactly(0, 1, 2);
  }

  @Test
  void passesOverANearCopyOfAPickForSomethingDifferent() {
    assertThat(Mmr.select(RELEVANCE, CANDIDATES, OWN_GROUPS, 2, 0.7)).containsExactly(0, 2);
  }

  @Test
  void picksOnePerGroupWhileOtherGroupsRemainThenTheRest() {
    double[] relevance = {0.9, 0.89, 0.88};
    List<Embedding> unlike =
        List.of(
            Embedding.normalized(new float[] {1, 0, 0}),
            Embedding.normalized(new float[] {0, 1, 0}),
            Embedding.normalized(new float[] {0, 0, 1}));

    assertThat(Mmr.select(relevance, unlike, new int[] {5, 5, 6}, 3, 1.0)).containsExactly(0, 2, 1);
  }

  @Test
  void givesTheEarlierCandidateAmongEqualScores() {
    assertThat(Mmr.select(new double[] {0.5, 0.5}, List.of(A, A), new int[] {0, 1}, 1, 0.7))
        .containsExactly(0);
  }

  @Test
  void picksNoMoreThanThereAre() {
    assertThat(Mmr.select(RELEVANCE, CANDIDATES, OWN_GROUPS, 10, 0.7)).hasSize(3);
    assertThat(Mmr.select(new double[0], List.of(), new int[0], 3, 0.7)).isEmpty();
  }

  @Test
  void rejectsMismatchedInputsAndLambdaOutsideTheUnitInterval() {
    assertThatThrownBy(() -> Mmr.select(new double[] {1}, CANDIDATES, OWN_GROUPS, 1, 0.7))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Mmr.select(RELEVANCE, CANDIDATES, OWN_GROUPS, 1, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
