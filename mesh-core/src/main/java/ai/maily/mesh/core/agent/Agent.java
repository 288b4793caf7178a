package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * The service provider interface of a mesh agent: one specialised capability that the mesh hosts in
 * a sharded, persistent {@link AgentEntity}.
 *
 * <p>Implementations must be thread-safe and must not block the calling thread: blocking work
 * (model inference, I/O) runs on {@link AgentContext#blockingExecutor()}. Throw or complete
 * exceptionally with {@link AgentFailure} to say whether a retry could help.
 */
public interface Agent {

  /** The agent type, unique in a registry: lower-case letters, digits and dashes. */
  String name();

  /** One sentence for people choosing an agent for a plan. */
  String description();

  /** JSON Schema of the {@code input} this agent reads from {@link AgentRequest#input()}. */
  JsonNode inputSchema();

  /** JSON Schema of {@link AgentOutput#data()}. */
  JsonNode outputSchema();

  /** Does the work for one request; called at most once per request id. */
  CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context);
}
