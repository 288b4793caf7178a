package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an agent produced.
 *
 * @param data the structured result, matching the agent's output schema
 * @param summary one line for people watching the task: its step's summary in the task's view (REST
 *     and gRPC) and the agent's last summary
 */
public record AgentOutput(JsonNode data, String summary) implements CborSerializable {}
