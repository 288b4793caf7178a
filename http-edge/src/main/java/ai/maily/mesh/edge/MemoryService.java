package ai.maily.mesh.edge;

import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.Memory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.NewMemory;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The agents' memory as the API offers it: the caller's tenant's memories of one agent type, added
 * by editors, searched by viewers. The tenant is always the caller's; refusals are {@link
 * ProblemException}s.
 */
public final class MemoryService {

  /**
   * A memory as the API shows it, without its embedding.
   *
   * @param score the cosine similarity to the query, for a search; absent in a listing
   */
  public record MemoryItem(
      String id, MemoryKind kind, String text, String addedBy, Instant addedAt, Double score) {

    static MemoryItem of(Memory memory, Double score) {
      return new MemoryItem(
          memory.id(), memory.kind(), memory.text(), memory.addedBy(), memory.addedAt(), score);
    }
  }

  /**
   * The answer to an add.
   *
   * @param created false when the same memory was there already
   * @param evicted the ids of the memories it pushed out of their kind's capacity
   */
  public record Added(MemoryItem memory, boolean created, List<String> evicted) {}

  /**
   * A search (with {@code query}: closest first, with scores) or a listing (without: newest first,
   * with how many memories of each kind the agent holds).
   */
  public record MemoryPage(
      String agent, String query, List<MemoryItem> memories, Map<String, Integer> counts) {}

  private final AgentMemories memories;

  public MemoryService(AgentMemories memories) {
    this.memories = memories;
  }

  /** The most memories one answer may hold; the API's largest {@code k}. */
  public int maxResults() {
    return memories.settings().maxResults();
  }

  /** Adds a memory to the caller's tenant's memory of {@code agentType}; an editor's call. */
  public CompletionStage<Added> add(Principal caller, String agentType, NewMemory memory) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          return memories
              .add(caller.tenant(), agentType, memory)
              .thenApply(
                  added ->
                      new Added(
                          MemoryItem.of(added.memory(), null), added.created(), added.evicted()));
        });
  }

  /**
   * The caller's tenant's memories of {@code agentType} and {@code kinds}: the {@code k} closest to
   * {@code query}, or the {@code k} newest when {@code query} is null.
   */
  public CompletionStage<MemoryPage> find(
      Principal caller, String agentType, String query, int k, Set<MemoryKind> kinds) {
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          if (query == null) {
            return memories
                .recent(caller.tenant(), agentType, kinds, k)
                .thenApply(listed -> listing(agentType, listed));
          }
          return memories
              .search(caller.tenant(), agentType, query, k, kinds)
              .thenApply(
                  found ->
                      new MemoryPage(
                          agentType,
                          query,
                          found.stream()
                              .map(scored -> MemoryItem.of(scored.memory(), scored.score()))
                              .toList(),
                          null));
        });
  }

  /** Forgets a memory of the caller's tenant; an editor's call. */
  public CompletionStage<AgentMemory.Forgotten> forget(
      Principal caller, String agentType, String id) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          return memories.forget(caller.tenant(), agentType, id, caller.subject());
        });
  }

  private static MemoryPage listing(String agentType, AgentMemory.Listed listed) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MemoryKind kind : MemoryKind.values()) {
      counts.put(kind.label(), listed.counts().getOrDefault(kind, 0));
    }
    return new MemoryPage(
        agentType,
        null,
        listed.memories().stream().map(memory -> MemoryItem.of(memory, null)).toList(),
        counts);
  }

  /** Runs {@code call}, turning a problem it throws into a failed stage. */
  private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
