package ai.maily.mesh.trust.agent;

import ai.maily.mesh.core.agent.AgentContract;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.trust.service.TrustService;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent contract for the agents this module registers, on a one-node cluster where the trust
 * service runs, as the {@code certifier} needs.
 */
class TrustAgentsContractTest extends AgentContract {

  @TempDir static Path dataDir;

  private ActorTestKit testKit;

  @BeforeAll
  void startTrustService() {
    testKit = ActorTestKit.create(TrustTestConfig.clusterNode(dataDir));
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    TrustService.init(testKit.system(), Database.at(TrustTestConfig.h2Url(), "sa", ""));
  }

  @AfterAll
  void stopTrustService() {
    testKit.shutdownTestKit();
  }

  @Override
  protected ActorSystem<?> system() {
    return testKit.system();
  }

  @Override
  protected JsonNode sampleStepInput(String agent) {
    if (!agent.equals("certifier")) {
      throw new AssertionError("no sample input for agent '" + agent + "': add one");
    }
    ObjectNode taskInput = JsonNodeFactory.instance.objectNode().put("campaignId", "spring");
    taskInput
        .putObject("email")
        .put("from", "Acme Outdoor <news@acme.com>")
        .put("subject", "Your trail guide is here")
        .put("text", "Hi Dana,\n\nSpring is here.");
    return stepInput(taskInput);
  }
}
