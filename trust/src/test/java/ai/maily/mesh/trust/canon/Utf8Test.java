package ai.maily.mesh.trust.canon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void encodesValidTextExactlyAsJavaDoes() {
    String text = "Grüße 😀 from Zürich";

    assertThat(Utf8.encode(text, "text")).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesASurrogateWithoutItsPairNamingWhereItIs() {
    for (String text :
        new String[] {"a\uD83D", "a\uDE00b", "a\uDE00\uD83Db", "\uD83D\uD83D\uDE00"}) {
      assertThatThrownBy(() -> Utf8.encode(text, "rawEmail"))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.problem().type()).isEqualTo(ProblemType.INVALID_REQUEST);
                assertThat(e.problem().detail()).startsWith("rawEmail is not valid Unicode");
              });
    }
    assertThatThrownBy(() -> Utf8.encode("ab\uDE00", "x"))
        .hasMessageContaining("U+DE00 at character 2");
  }
}
