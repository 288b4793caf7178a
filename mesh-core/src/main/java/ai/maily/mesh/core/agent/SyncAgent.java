package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An agent whose skill computes its output in place: parse the typed input, compute, answer. The
 * computation may block; the entity already runs it on {@link AgentContext#blockingExecutor()}.
 *
 * @param <I> what the agent reads from a request
 */
public abstract class SyncAgent<I> extends TypedAgent<I> {

  /** See {@link TypedAgent#TypedAgent}. */
  protected SyncAgent(
      String name, String description, JsonNode inputSchema, JsonNode outputSchema) {
    super(name, description, inputSchema, outputSchema);
  }

  @Override
  protected final CompletionStage<AgentOutput> start(I input, AgentContext context) {
    return CompletableFuture.completedFuture(compute(input, context));
  }

  /**
   * The skill: what the agent answers for this input.
   *
   * @throws AgentFailure when the input breaks a rule the schema cannot express
   */
  protected abstract AgentOutput compute(I input, AgentContext context);
}
