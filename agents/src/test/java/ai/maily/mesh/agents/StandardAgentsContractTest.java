package ai.maily.mesh.agents;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentContract;
import ai.maily.mesh.core.memory.MemoryView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;

/** The agent contract for the agents this module registers. */
class StandardAgentsContractTest extends AgentContract {

  // compliance and copywriter embed with the node's model (NodeEmbeddings), so they need a node;
  // brand-learner writes to brand-voice's memory, an event-sourced entity.
  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  private static final LocalMemories memories = new LocalMemories(testKit, Set.of("brand-voice"));

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Override
  protected ActorSystem<?> system() {
    return testKit.system();
  }

  @Override
  protected MemoryView memory(String agentType) {
    return memories.memories().view("acme", agentType);
  }

  @Override
  protected JsonNode sampleStepInput(String agent) {
    return switch (agent) {
      case "compliance", "personalizer", "copywriter", "brand-voice", "optimizer" ->
          stepInput(AgentCalls.example("campaign-draft-input.json"));
      case "brand-learner" -> {
        JsonNode taskInput = AgentCalls.example("campaign-draft-input.json");
        ObjectNode stepInput = stepInput(taskInput);
        stepInput
            .withObjectProperty("deps")
            .putObject("optimize")
            .set("email", taskInput.get("email"));
        yield stepInput;
      }
      default -> throw new AssertionError("no sample input for agent '" + agent + "': add one");
    };
  }
}
