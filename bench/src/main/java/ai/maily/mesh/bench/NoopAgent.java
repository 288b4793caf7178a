package ai.maily.mesh.bench;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.SyncAgent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** An agent that does no work: it answers every request at once with {@code {"ok": true}}. */
public final class NoopAgent extends SyncAgent<AgentRequest> {

  /** The agent type benchmark plans name. */
  public static final String NAME = "noop";

  private static final JsonNode ANY_OBJECT =
      JsonNodeFactory.instance.objectNode().put("type", "object");
  private static final AgentOutput OUTPUT =
      new AgentOutput(JsonNodeFactory.instance.objectNode().put("ok", true), "noop");

  public NoopAgent() {
    super(
        NAME,
        "Answers immediately with a constant output; measures the mesh, not the agent.",
        ANY_OBJECT,
        ANY_OBJECT);
  }

  @Override
  protected AgentRequest parse(AgentRequest request) {
    return request;
  }

  @Override
  protected AgentOutput compute(AgentRequest request, AgentContext context) {
    return OUTPUT;
  }
}
