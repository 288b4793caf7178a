package ai.maily.mesh.agents.compliance;

import static ai.maily.mesh.agents.AgentCalls.example;
import static ai.maily.mesh.agents.AgentCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.LocalModelExtension;
import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LocalModelExtension.class)
class ComplianceAgentTest {

  private static ComplianceAgent agent;

  @BeforeAll
  static void start(EmbeddingModel model) {
    agent = new ComplianceAgent(context -> model, SpamModel.shipped());
  }

  private AgentOutput perform(JsonNode taskInput) {
    AgentOutput output = AgentCalls.perform(agent, taskInput);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    return output;
  }

  @Test
  void checksEachOfTheCopywritersVariantsBesideTheDraft() {
    ObjectNode step = AgentCalls.JSON.createObjectNode();
    step.set("input", example("campaign-draft-input.json"));
    step.putObject("deps")
        .set(
            "write",
            json(
                """
                {"generator": "local",
                 "subjects": [
                   {"id": "s1", "text": "Trailhead 2 hiking boots: free returns for 60 days"},
                   {"id": "s2", "text": "FREE GIFT!!! Act now"}],
                 "preheaders": [
                   {"id": "p1", "text": "Click here to claim your free gift"}],
                 "bodies": [
                   {"id": "b1", "text": "{{ first_name | default: \\"Hi\\" }}, the Trailhead 2 is waterproof and comes with free returns for 60 days. Shop the boots: https://acme.com/trailhead"}]}
                """));

    AgentOutput output = AgentCalls.performStep(agent, step);

    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    JsonNode variants = output.data().get("variants");
    assertThat(variants.findValuesAsText("id")).containsExactly("s1", "s2", "p1", "b1");
    assertThat(variants.findValuesAsText("part"))
        .containsExactly("subject", "subject", "preheader", "body");
    assertThat(variants.get(0).get("passed").asBoolean()).isTrue();
    assertThat(variants.get(1).get("passed").asBoolean()).isFalse();
    assertThat(variants.get(1).get("findings").findValuesAsText("rule"))
        .contains("subject-exclamation", "spam-phrases");
    assertThat(variants.get(2).get("passed").asBoolean()).isFalse();
    assertThat(variants.get(2).get("findings").get(0).get("evidence").asText())
        .contains("click here");
    assertThat(variants.get(3).get("passed").asBoolean()).isTrue();
    // The draft's own report is what it was without the variants.
    assertThat(output.data().get("findings"))
        .isEqualTo(perform(example("campaign-draft-input.json")).data().get("findings"));
    assertThat(output.summary()).endsWith("; 2 of 4 variants passed");
  }

  @Test
  void passesTheExampleCampaign() {
    AgentOutput output = perform(example("campaign-draft-input.json"));

    ObjectNode rules = output.data().deepCopy();
    rules.remove("spam");
    assertThat(rules).isEqualTo(json("{\"score\": 10.0, \"passed\": true, \"findings\": []}"));
    assertThat(output.summary()).isEqualTo("score 10.0/10, no findings");
  }

  @Test
  void reportsEachFindingWithRuleSeverityMessageFixAndEvidence() {
    JsonNode input = example("campaign-draft-input.json");
    ObjectNode email = (ObjectNode) input.get("email");
    email.put("from", "news@acme.com");
    ((ObjectNode) email.get("headers")).remove("List-Unsubscribe-Post");

    AgentOutput output = perform(input);

    JsonNode data = output.data();
    assertThat(data.get("score").doubleValue()).isEqualTo(9.0);
    assertThat(data.get("passed").booleanValue()).isTrue();
    assertThat(data.get("findings")).hasSize(2);
    JsonNode oneClick = data.at("/findings/0");
    assertThat(oneClick.get("rule").asText()).isEqualTo("one-click-unsubscribe");
    assertThat(oneClick.has("evidence")).isFalse();
    JsonNode displayName = data.at("/findings/1");
    assertThat(displayName.get("rule").asText()).isEqualTo("from-display-name");
    assertThat(displayName.get("severity").asText()).isEqualTo("warning");
    assertThat(displayName.get("message").asText()).contains("no display name");
    assertThat(displayName.get("fix").asText())
        .isEqualTo("Send as \"Acme Outdoor <news@acme.com>\".");
    assertThat(displayName.get("evidence").asText()).isEqualTo("news@acme.com");
    assertThat(output.summary()).isEqualTo("score 9.0/10, 2 warnings");
  }

  @Test
  void failsAnEmailWithCriticalProblems() {
    AgentOutput output =
        perform(
            json(
                """
                {"email": {"from": "deals@gmail.com", "subject": "RE: FREE GIFT!!!",
                  "html": "<p>You are a WINNER!!!</p><a href='http://bit.ly/x'>paypal.com</a>"}}
                """));

    assertThat(output.data().get("passed").booleanValue()).isFalse();
    assertThat(output.data().get("score").doubleValue()).isZero();
    assertThat(output.data().at("/findings/0/severity").asText()).isEqualTo("critical");
    assertThat(output.summary()).startsWith("score 0.0/10, 2 critical, ");
  }

  static Stream<Arguments> invalidInputs() {
    String email = "\"email\": {\"from\": \"a@b.co\", \"subject\": \"s\"";
    return Stream.of(
        arguments("{}", "input.email is required"),
        arguments("{\"input\": {}}", "input.email is required"),
        arguments("{\"input\": {\"email\": \"hi\"}}", "input.email must be an object"),
        arguments("{\"input\": {\"email\": {\"subject\": \"s\"}}}", "input.email.from is required"),
        arguments(
            "{\"input\": {\"email\": {\"from\": \"a@b.co\", \"subject\": 5}}}",
            "input.email.subject must be a string"),
        arguments(
            "{\"input\": {" + email + ", \"html\": false}}}", "input.email.html must be a string"),
        arguments(
            "{\"input\": {" + email + ", \"headers\": {\"X-Id\": {}}}}}",
            "input.email.headers.X-Id must be a string, number or boolean"),
        arguments(
            "{\"input\": {" + email + "}, \"sender\": \"Acme\"}}",
            "input.sender must be an object"),
        arguments(
            "{\"input\": {" + email + "}, \"sender\": {\"domain\": 1}}}",
            "input.sender.domain must be a string"));
  }

  @ParameterizedTest
  @MethodSource("invalidInputs")
  void rejectsInvalidInputNamingTheField(String stepInput, String message) {
    AgentFailure failure = AgentCalls.failure(agent, json(stepInput));

    assertThat(failure).hasMessage(message);
    assertThat(failure.retryable()).isFalse();
  }
}
