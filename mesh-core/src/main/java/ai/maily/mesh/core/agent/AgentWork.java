package ai.maily.mesh.core.agent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Starts an agent's work the one way the mesh does: {@link Agent#perform} on the context's blocking
 * executor, so the caller's thread (an actor's) never runs agent code. This is the single hop the
 * {@link Agent} contract promises; agents do not hop again.
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
}
