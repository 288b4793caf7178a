package ai.maily.mesh.trust.canon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultipartBodyTest {

  private static List<String> parts(String body, String boundary) {
    return MultipartBody.parts(body.getBytes(StandardCharsets.UTF_8), "multipart/mixed", boundary)
        .stream()
        .map(part -> new String(part, StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void splitsBetweenDelimitersAndDropsPreambleAndEpilogue() {
    assertThat(
            parts(
                "preamble\n--b\nA: 1\n\none\n--b  \t\n\ntwo\n\n--b-- x\nepilogue\n--b\nlate", "b"))
        .containsExactly("A: 1\n\none", "\ntwo\n");
  }

  @Test
  void aLineThatOnlyStartsWithTheDelimiterIsContent() {
    assertThat(parts("--b\n\none\n--bx\n--b--", "b")).containsExactly("\none\n--bx");
  }

  @Test
  void endsTheLastPartAtTheEndWhenTheCloseDelimiterIsMissing() {
    assertThat(parts("--b\n\none\n--b\n\ntwo\n", "b")).containsExactly("\none", "\ntwo\n");
  }

  @Test
  void readsABoundaryThatNeedsQuoting() {
    assertThat(parts("--a\"b\\c d\n\none\n--a\"b\\c d--\n", "a\"b\\c d")).containsExactly("\none");
  }
}
