package ai.maily.mesh.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.Problem.Violation;
import org.junit.jupiter.api.Test;

class NewMemoryTest {

  private final MemorySettings settings = MemorySamples.settings(5);

  @Test
  void acceptsAMemoryWithKindAndText() {
    assertThat(
            new NewMemory(null, MemoryKind.FACT, "We roast in Portland.", "alice")
                .problems(settings))
        .isEmpty();
  }

  @Test
  void namesEachFieldThatIsWrong() {
    assertThat(new NewMemory("-bad id", null, "  ", "alice").problems(settings))
        .extracting(Violation::field)
        .containsExactly("id", "kind", "text");
  }

  @Test
  void refusesTextLongerThanTheLimitAfterTrimming() {
    String limit = "x".repeat(200);

    assertThat(new NewMemory(null, MemoryKind.FACT, "  " + limit + "\n", "a").problems(settings))
        .isEmpty();
    assertThat(new NewMemory(null, MemoryKind.FACT, limit + "x", "a").problems(settings))
        .extracting(Violation::message)
        .containsExactly("must have at most 200 characters");
  }

  @Test
  void refusesTextThatCannotBeStored() {
    assertThat(new NewMemory(null, MemoryKind.FACT, "broken \ud800 text", "a").problems(settings))
        .extracting(Violation::field)
        .containsExactly("text");
  }

  @Test
  void derivesTheSameIdForTheSameKindAndTextWhateverTheWhiteSpace() {
    String id = new NewMemory(null, MemoryKind.PREFERENCE, "Never say 'act now'.", "a").storedId();

    assertThat(id).matches("m-[0-9a-f]{24}").matches(NewMemory.ID);
    assertThat(
            new NewMemory(null, MemoryKind.PREFERENCE, " Never  say\n'act now'. ", "b").storedId())
        .isEqualTo(id);
    assertThat(new NewMemory(null, MemoryKind.FEEDBACK, "Never say 'act now'.", "a").storedId())
        .isNotEqualTo(id);
    assertThat(new NewMemory(null, MemoryKind.PREFERENCE, "Never say 'buy now'.", "a").storedId())
        .isNotEqualTo(id);
  }

  @Test
  void isTheSameMemoryAsOneOfItsKindWhoseTextDiffersOnlyInWhiteSpace() {
    Memory stored = MemorySamples.memory("m", MemoryKind.FACT, MemorySamples.vector(1, 0));

    assertThat(new NewMemory("m", MemoryKind.FACT, " text  of\nm ", "b").sameAs(stored)).isTrue();
    assertThat(new NewMemory("m", MemoryKind.FACT, "text of n", "b").sameAs(stored)).isFalse();
    assertThat(new NewMemory("m", MemoryKind.PREFERENCE, "text of m", "b").sameAs(stored))
        .isFalse();
  }

  @Test
  void keepsTheClientsId() {
    assertThat(new NewMemory("brand-1", MemoryKind.FACT, "text", "a").storedId())
        .isEqualTo("brand-1");
  }

  @Test
  void storesTheTextTrimmed() {
    assertThat(new NewMemory(null, MemoryKind.FACT, "\n Hello there. \t", "a").storedText())
        .isEqualTo("Hello there.");
  }
}
