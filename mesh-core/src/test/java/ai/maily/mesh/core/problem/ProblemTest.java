package ai.maily.mesh.core.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void carriesExtensionMembers() {
    Problem problem =
        Problem.of(ProblemType.CONFLICT, "stale")
            .withExtension("version", 5L)
            .withExtension("since", List.of());

    assertThat(problem.extensions()).containsEntry("version", 5L).containsEntry("since", List.of());
    assertThat(problem.type()).isEqualTo(ProblemType.CONFLICT);
    assertThat(Problem.of(ProblemType.CONFLICT, "stale").extensions()).isEmpty();
  }

  @Test
  void anExtensionCannotTakeTheNameOfAStandardMember() {
    assertThatThrownBy(() -> Problem.of(ProblemType.CONFLICT, "stale").withExtension("status", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status");
  }
}
