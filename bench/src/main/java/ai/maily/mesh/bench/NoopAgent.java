package ai.maily.mesh.bench;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** An agent that does no work: it answers every request at once with {@code {"ok": true}}. */
public final class NoopAgent implements Agent {

  /** The agent type benchmark plans name. */
  public static final String NAME = "noop";

  private static final AgentOutput OUTPUT =
      new AgentOutput(JsonNodeFactory.instance.objectNode().put("ok", true), "noop");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Answers immediately with a constant output; measures the mesh, not the agent.";
  }

  @Override
  public JsonNode inputSchema() {
    return JsonNodeFactory.instance.objectNode().put("type", "object");
  }

  @Override
  public JsonNode outputSchema() {
    return JsonNodeFactory.instance.objectNode().put("type", "object");
  }

  @Override
  public CompletionStage<AgentOutput> perform(AgentRequest request, AgentContext context) {
    return CompletableFuture.completedFuture(OUTPUT);
  }
}
