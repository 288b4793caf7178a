package ai.maily.mesh.agents;

import ai.maily.mesh.core.agent.AgentContract;
import com.fasterxml.jackson.databind.JsonNode;

/** The agent contract for the agents this module registers. */
class StandardAgentsContractTest extends AgentContract {

  @Override
  protected JsonNode sampleStepInput(String agent) {
    return switch (agent) {
      case "compliance", "personalizer" ->
          stepInput(AgentCalls.example("campaign-draft-input.json"));
      default -> throw new AssertionError("no sample input for agent '" + agent + "': add one");
    };
  }
}
