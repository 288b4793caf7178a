package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What an agent reads of its tenant's memory while it performs ({@code AgentContext.memory()}), and
 * what it adds to it: bound to the tenant of the request, so an agent cannot reach another tenant's
 * memories. Stages fail with a {@link ai.maily.mesh.core.problem.ProblemException} when the memory
 * cannot be read or written (the entity did not answer in time, or the memory is invalid).
 */
public interface MemoryView {

  /** The view of a host that keeps no memory: every read answers nothing, every add fails. */
  MemoryView NONE =
      new MemoryView() {
        @Override
        public CompletionStage<List<ScoredMemory>> search(
            String query, int k, Set<MemoryKind> kinds) {
          return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<List<Memory>> recent(Set<MemoryKind> kinds, int limit) {
          return CompletableFuture.completedFuture(List.of());
        }

        @Override
        public CompletionStage<AgentMemory.Remembered> remember(NewMemory memory) {
          return CompletableFuture.failedFuture(
              ProblemException.of(ProblemType.UNAVAILABLE, "this host keeps no memory"));
        }

        @Override
        public MemoryView ofAgent(String agentType) {
          return this;
        }
      };

  /**
   * The memories of {@code kinds} closest in meaning to {@code query}, closest first, at most
   * {@code k} (and at most {@code mesh.memory.max-results}).
   */
  CompletionStage<List<ScoredMemory>> search(String query, int k, Set<MemoryKind> kinds);

  /**
   * The newest memories of {@code kinds}, newest first, at most {@code limit} (and at most {@code
   * mesh.memory.max-results}, and {@code max-reply-size} of text and embeddings), with their
   * embeddings: what an agent compares its own texts with.
   */
  CompletionStage<List<Memory>> recent(Set<MemoryKind> kinds, int limit);

  /**
   * Adds {@code memory}, as {@code POST /api/v1/agents/{type}/memory} does: answers it stored, or
   * as it was when the same memory (the same id, or without one the same kind and text) was added
   * before, so that a retried step adds it once.
   */
  CompletionStage<AgentMemory.Remembered> remember(NewMemory memory);

  /**
   * The same tenant's memory of another agent type, e.g. the copywriter reading the brand-voice
   * agent's approved examples.
   */
  MemoryView ofAgent(String agentType);
}
