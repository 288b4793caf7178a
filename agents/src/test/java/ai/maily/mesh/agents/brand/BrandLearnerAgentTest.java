package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.InputNode;
import ai.maily.mesh.agents.LocalMemories;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.agent.SchemaConformance;
import ai.maily.mesh.core.memory.Memory;
import ai.maily.mesh.core.memory.MemoryKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The brand-learner on real agent memory: what it adds, once, and what brand-voice then reads. */
class BrandLearnerAgentTest {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final LocalMemories local = new LocalMemories(testKit, Set.of("brand-voice"));
  private static final BrandLearnerAgent learner = new BrandLearnerAgent();
  private static final BrandVoiceAgent voice = new BrandVoiceAgent();

  private static final String APPROVED_TEXT =
      "Hi friend, our Ethiopia Guji just landed and it tastes bright and a little floral."
          + " We roasted a small batch this morning. Grab a bag before it's gone!";

  private String tenant;

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void freshTenant() {
    tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void addsTheApprovedEmailToBrandVoicesMemoryOnce() {
    JsonNode first = learn(approvedEmail(), "optimize");
    JsonNode again = learn(approvedEmail(), "optimize");

    assertThat(first.get("created").asBoolean()).isTrue();
    assertThat(again.get("created").asBoolean()).isFalse();
    assertThat(again.get("memoryId").asText()).isEqualTo(first.get("memoryId").asText());
    List<Memory> examples = examples(tenant);
    assertThat(examples).hasSize(1);
    assertThat(examples.get(0).text())
        .startsWith("Fresh Guji, roasted this morning")
        .contains("Grab a bag before it's gone!");
    assertThat(examples(otherTenant())).isEmpty();
  }

  @Test
  void brandVoiceScoresAgainstWhatWasApproved() {
    JsonNode before = check();
    learn(approvedEmail(), "optimize");
    JsonNode after = check();

    assertThat(before.get("basis").asText()).isEqualTo("general-style");
    assertThat(after.get("basis").asText()).isEqualTo("brand-samples");
    assertThat(after.get("samples").asInt()).isEqualTo(1);
  }

  @Test
  void keepsAtMostTheMemorysTextLengthEndingAtASentence() {
    ObjectNode email = approvedEmail();
    email.put("text", "A sentence about our coffee that goes on a while. ".repeat(100));

    String text = BrandLearnerAgent.exampleText(Email.from(new InputNode(email, "email")));

    assertThat(text).hasSizeLessThanOrEqualTo(BrandLearnerAgent.MAX_TEXT).endsWith("a while.");
  }

  @Test
  void refusesAStepWithoutAnApprovedEmail() {
    ObjectNode stepInput = AgentCalls.JSON.createObjectNode();
    stepInput.putObject("input").set("email", approvedEmail());
    stepInput.putObject("deps").putObject("approve").put("decision", "approve");

    AgentFailure failure = AgentCalls.failure(learner, stepInput);

    assertThat(failure.retryable()).isFalse();
    assertThat(failure).hasMessageContaining("no approved email to learn from");
    assertThat(examples(tenant)).isEmpty();
  }

  private JsonNode learn(ObjectNode email, String depId) {
    ObjectNode stepInput = AgentCalls.JSON.createObjectNode();
    stepInput.putObject("input");
    ObjectNode deps = stepInput.putObject("deps");
    deps.putObject("approve").put("decision", "approve");
    deps.putObject(depId).set("email", email);
    AgentOutput output =
        learner
            .perform(
                new AgentRequest("r1", tenant, "task-1", "learn", stepInput),
                local.context(tenant, "brand-learner"))
            .toCompletableFuture()
            .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .join();
    assertThat(SchemaConformance.violations(learner.outputSchema(), output.data())).isEmpty();
    return output.data();
  }

  private JsonNode check() {
    ObjectNode stepInput = AgentCalls.JSON.createObjectNode();
    stepInput.putObject("input").set("email", approvedEmail());
    stepInput.putObject("deps");
    return voice
        .perform(
            new AgentRequest("r2", tenant, "task-2", "brand-voice", stepInput),
            local.context(tenant, "brand-voice"))
        .toCompletableFuture()
        .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
        .join()
        .data();
  }

  private List<Memory> examples(String of) {
    return local
        .memories()
        .recent(of, "brand-voice", EnumSet.of(MemoryKind.APPROVED_EXAMPLE), 10)
        .toCompletableFuture()
        .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
        .join()
        .memories();
  }

  private String otherTenant() {
    return tenant + "x";
  }

  private static ObjectNode approvedEmail() {
    return AgentCalls.JSON
        .createObjectNode()
        .put("from", "Beanstalk Coffee <hello@beanstalk.coffee>")
        .put("subject", "Fresh Guji, roasted this morning")
        .put("text", APPROVED_TEXT);
  }
}
