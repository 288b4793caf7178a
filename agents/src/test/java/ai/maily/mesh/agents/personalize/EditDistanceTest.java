package ai.maily.mesh.agents.personalize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EditDistanceTest {

  @ParameterizedTest
  @CsvSource({
    "first_name, first_name, 0",
    "frist_name, first_name, 1",
    "first_nme, first_name, 1",
    "firstname, first_name, 1",
    "kitten, sitting, 3",
    "'', abc, 3",
    "company, city, 5",
    // Optimal string alignment edits no substring twice, so this is 3, not Damerau's 2.
    "ca, abc, 3"
  })
  void countsSingleCharacterEditsIncludingSwaps(String a, String b, int distance) {
    assertThat(EditDistance.between(a, b)).isEqualTo(distance);
    assertThat(EditDistance.between(b, a)).isEqualTo(distance);
  }
}
