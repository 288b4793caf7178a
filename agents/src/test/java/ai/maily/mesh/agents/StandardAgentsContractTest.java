package ai.maily.mesh.agents;

import ai.maily.mesh.core.agent.AgentContract;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;

/** The agent contract for the agents this module registers. */
class StandardAgentsContractTest extends AgentContract {

  // compliance and copywriter embed with the node's model (NodeEmbeddings), so they need a node.
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Override
  protected ActorSystem<?> system() {
    return testKit.system();
  }

  @Override
  protected JsonNode sampleStepInput(String agent) {
    return switch (agent) {
      case "compliance", "personalizer", "copywriter", "brand-voice", "optimizer" ->
          stepInput(AgentCalls.example("campaign-draft-input.json"));
      default -> throw new AssertionError("no sample input for agent '" + agent + "': add one");
    };
  }
}
