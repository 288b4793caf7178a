package ai.maily.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class UnicodeTest {

  @Test
  void findsNoUnpairedSurrogateInWellFormedText() {
    assertThat(Unicode.unpairedSurrogate("")).isEmpty();
    assertThat(Unicode.unpairedSurrogate("plain ascii, é and 漢字")).isEmpty();
    assertThat(Unicode.unpairedSurrogate("a pair: \uD83D\uDE00 and another \uD83C\uDF89"))
        .isEmpty();
  }

  @Test
  void findsTheFirstSurrogateWithoutItsPair() {
    assertThat(Unicode.unpairedSurrogate("ab\uD800")).isEqualTo(OptionalInt.of(2));
    assertThat(Unicode.unpairedSurrogate("\uDC00\uD800")).isEqualTo(OptionalInt.of(0));
    assertThat(Unicode.unpairedSurrogate("\uD83D\uDE00x\uDE00")).isEqualTo(OptionalInt.of(3));
    assertThat(Unicode.unpairedSurrogate("\uD800\uD800\uDC00")).isEqualTo(OptionalInt.of(0));
  }
}
