package ai.maily.mesh.core.memory;

import static ai.maily.mesh.core.memory.MemorySamples.memory;
import static ai.maily.mesh.core.memory.MemorySamples.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryStateTest {

  private static final Set<MemoryKind> ALL = EnumSet.allOf(MemoryKind.class);

  private static MemoryState holding(Memory... memories) {
    MemoryState state = MemoryState.EMPTY;
    for (Memory memory : memories) {
      state = state.added(memory, List.of());
    }
    return state;
  }

  @Test
  void evictsNothingWhileAKindHasRoom() {
    MemoryState state = holding(memory("f1", MemoryKind.FEEDBACK, vector(1, 0)));

    assertThat(state.evictionsFor(MemoryKind.FEEDBACK, 2)).isEmpty();
  }

  @Test
  void evictsTheOldestOfTheNewMemorysKindOnly() {
    MemoryState state =
        holding(
            memory("a1", MemoryKind.APPROVED_EXAMPLE, vector(1, 0)),
            memory("f1", MemoryKind.FEEDBACK, vector(1, 0)),
            memory("f2", MemoryKind.FEEDBACK, vector(0, 1)),
            memory("a2", MemoryKind.APPROVED_EXAMPLE, vector(1, 1)));

    assertThat(state.evictionsFor(MemoryKind.FEEDBACK, 2)).containsExactly("f1");
    assertThat(state.evictionsFor(MemoryKind.APPROVED_EXAMPLE, 2)).containsExactly("a1");
    assertThat(state.evictionsFor(MemoryKind.FACT, 1)).isEmpty();
  }

  @Test
  void evictsDownToACapacityThatShrankSinceTheMemoriesWereAdded() {
    MemoryState state =
        holding(
            memory("f1", MemoryKind.FEEDBACK, vector(1, 0)),
            memory("f2", MemoryKind.FEEDBACK, vector(0, 1)),
            memory("f3", MemoryKind.FEEDBACK, vector(1, 1)));

    assertThat(state.evictionsFor(MemoryKind.FEEDBACK, 1)).containsExactly("f1", "f2", "f3");
  }

  @Test
  void addingDropsTheEvictedAndKeepsTheOrderOfAddition() {
    MemoryState state =
        holding(
                memory("f1", MemoryKind.FEEDBACK, vector(1, 0)),
                memory("x1", MemoryKind.FACT, vector(0, 1)))
            .added(memory("f2", MemoryKind.FEEDBACK, vector(1, 1)), List.of("f1"));

    assertThat(state.memories()).extracting(Memory::id).containsExactly("x1", "f2");
    assertThat(state.counts())
        .containsEntry(MemoryKind.FEEDBACK, 1)
        .containsEntry(MemoryKind.FACT, 1)
        .containsEntry(MemoryKind.PREFERENCE, 0);
  }

  @Test
  void searchRanksByCosineSimilarityAndAnswersTheScores() {
    MemoryState state =
        holding(
            memory("east", MemoryKind.FACT, vector(1, 0)),
            memory("north", MemoryKind.FACT, vector(0, 1)),
            memory("north-east", MemoryKind.FACT, vector(1, 1)));

    List<ScoredMemory> found = state.search(vector(1, 0.2f), 2, ALL, Long.MAX_VALUE);

    assertThat(found).extracting(s -> s.memory().id()).containsExactly("east", "north-east");
    assertThat(found.get(0).score()).isCloseTo(1 / Math.sqrt(1.04), within(1e-6));
    assertThat(found.get(1).score()).isCloseTo(1.2 / Math.sqrt(2 * 1.04), within(1e-6));
  }

  @Test
  void searchLooksOnlyAtTheKindsAskedFor() {
    MemoryState state =
        holding(
            memory("fact", MemoryKind.FACT, vector(1, 0)),
            memory("example", MemoryKind.APPROVED_EXAMPLE, vector(0, 1)));

    assertThat(state.search(vector(1, 0), 5, Set.of(MemoryKind.APPROVED_EXAMPLE), Long.MAX_VALUE))
        .extracting(s -> s.memory().id())
        .containsExactly("example");
  }

  @Test
  void searchSkipsEmbeddingsOfOtherDimensions() {
    MemoryState state =
        holding(
            memory("old-model", MemoryKind.FACT, vector(1, 0, 0)),
            memory("this-model", MemoryKind.FACT, vector(1, 0)));

    assertThat(state.search(vector(1, 0), 5, ALL, Long.MAX_VALUE))
        .extracting(s -> s.memory().id())
        .containsExactly("this-model");
  }

  @Test
  void equalScoresListTheNewestFirst() {
    MemoryState state =
        holding(
            memory("older", MemoryKind.FACT, vector(1, 0)),
            memory("newer", MemoryKind.FACT, vector(1, 0)));

    assertThat(state.search(vector(1, 0), 5, ALL, Long.MAX_VALUE))
        .extracting(s -> s.memory().id())
        .containsExactly("newer", "older");
  }

  @Test
  void recentListsNewestFirstWithinTheLimit() {
    MemoryState state =
        holding(
            memory("p1", MemoryKind.PREFERENCE, vector(1, 0)),
            memory("f1", MemoryKind.FACT, vector(1, 0)),
            memory("p2", MemoryKind.PREFERENCE, vector(1, 0)),
            memory("p3", MemoryKind.PREFERENCE, vector(1, 0)));

    assertThat(state.recent(Set.of(MemoryKind.PREFERENCE), 2, Long.MAX_VALUE))
        .extracting(Memory::id)
        .containsExactly("p3", "p2");
  }

  @Test
  void answersStopBeforeTheirByteBound() {
    Memory one = memory("m1", MemoryKind.FACT, vector(1, 0));
    MemoryState state =
        holding(
            one,
            memory("m2", MemoryKind.FACT, vector(1, 0)),
            memory("m3", MemoryKind.FACT, vector(1, 0)));
    long twoMemories = 2L * one.approximateBytes();

    assertThat(state.recent(ALL, 10, twoMemories))
        .extracting(Memory::id)
        .containsExactly("m3", "m2");
    assertThat(state.search(vector(1, 0), 10, ALL, twoMemories)).hasSize(2);
  }

  @Test
  void forgettingDropsOnlyThatMemory() {
    MemoryState state =
        holding(
                memory("a", MemoryKind.FACT, vector(1, 0)),
                memory("b", MemoryKind.FACT, vector(0, 1)))
            .without("a");

    assertThat(state.memories()).extracting(Memory::id).containsExactly("b");
    assertThat(state.find("a")).isEmpty();
  }
}
