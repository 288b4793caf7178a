package ai.maily.mesh.core.agent;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starts an agent's work the one way the mesh does: {@link Agent#perform} on the context's blocking
 * executor, so the caller's thread (an actor's) never runs agent code. This is the single hop the
 * {@link Agent} contract promises; agents do not hop again. For an agent that opted in to {@link
 * ResultCaching}, the result is looked up first on the same executor, and stored there after.
 */
final class AgentWork {

  private AgentWork() {}

  /**
   * The agent's output for {@code request}, completed exceptionally with what {@code perform} threw
   * or failed with (wrapped in a {@link java.util.concurrent.CompletionException}).
   */
  static CompletableFuture<AgentOutput> start(
      Agent agent, AgentRequest request, AgentContext context) {
    return CompletableFuture.supplyAsync(
            () -> agent.perform(request, context), context.blockingExecutor())
        .thenCompose(CompletionStage::toCompletableFuture);
  }

  /**
   * As {@link #start(Agent, AgentRequest, AgentContext)}, answered from {@code results} when they
   * hold the request's result and stored into them when the agent produces one.
   */
  static CompletableFuture<AgentOutput> start(
      Agent agent, AgentRequest request, AgentContext context, Optional<ResultCache> results) {
    if (results.isEmpty()) {
      return start(agent, request, context);
    }
    ResultCache cache = results.get();
    return CompletableFuture.supplyAsync(
            () -> {
              ResultCache.Lookup lookup = cache.lookup(request, context);
              if (lookup.hit().isPresent()) {
                return CompletableFuture.completedFuture(lookup.hit().get());
              }
              return agent
                  .perform(request, context)
                  .thenApplyAsync(
                      output -> cache.store(lookup.key(), output), context.blockingExecutor());
            },
            context.blockingExecutor())
        .thenCompose(CompletionStage::toCompletableFuture);
  }
}
