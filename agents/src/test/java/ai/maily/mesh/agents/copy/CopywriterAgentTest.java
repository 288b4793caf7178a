package ai.maily.mesh.agents.copy;

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

/** The {@code copywriter} agent on realistic briefs, with the real local model. */
@ExtendWith(LocalModelExtension.class)
class CopywriterAgentTest {

  private static CopywriterAgent agent;

  @BeforeAll
  static void start(EmbeddingModel model) {
    agent = new CopywriterAgent(new LocalComposer(context -> model));
  }

  private static AgentOutput perform(JsonNode taskInput) {
    AgentOutput output = AgentCalls.perform(agent, taskInput);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data())).isEmpty();
    return output;
  }

  @Test
  void writesTheExampleCampaignsBriefAndWeighsItsDraft() {
    AgentOutput output = perform(example("campaign-draft-input.json"));

    JsonNode data = output.data();
    assertThat(data.get("generator").asText()).isEqualTo("local");
    assertThat(data.get("goal").asText()).isEqualTo("launch");
    assertThat(data.get("seed").asLong()).isEqualTo(7);
    assertThat(data.get("subjects")).hasSize(6);
    assertThat(data.at("/subjects/0/id").asText()).isEqualTo("s1");
    assertThat(data.at("/subjects/5/id").asText()).isEqualTo("s-draft");
    assertThat(data.at("/subjects/5/source").asText()).isEqualTo("draft");
    assertThat(data.at("/bodies/0/text").asText())
        .contains("Read the spring trail guide: https://acme.com/guides/spring");
    assertThat(output.summary())
        .startsWith("5 subjects, 5 preheaders, 5 bodies (local) beside the draft's; first: \"")
        .contains(data.at("/subjects/0/text").asText());
  }

  @Test
  void writesAPromotionWithItsOfferAndDeadline() {
    JsonNode data =
        perform(
                json(
                    """
                    {"brief": {"goal": "promotion", "tone": "urgent",
                       "product": "the Ridge insulated jacket", "brand": "Acme Outdoor",
                       "offer": "30% off", "deadline": "midnight Sunday",
                       "keyPoints": ["Warm down to -20 °C", "Packs into its own pocket"],
                       "url": "https://acme.com/ridge"}}
                    """))
            .data();

    assertThat(data.get("subjects")).hasSize(5);
    assertThat(data.get("subjects").findValuesAsText("text"))
        .anySatisfy(subject -> assertThat(subject).contains("30% off"))
        .anySatisfy(subject -> assertThat(subject).contains("midnight Sunday"));
  }

  @Test
  void aBudgetHintInTheStepInputNarrowsTheVariants() {
    ObjectNode stepInput = AgentCalls.JSON.createObjectNode();
    stepInput.set("input", example("campaign-draft-input.json"));
    stepInput.putObject("deps");
    stepInput.putObject("budget").put("maxVariants", 3);

    AgentOutput output = AgentCalls.performStep(agent, stepInput);

    // Three written, plus the draft's own.
    assertThat(output.data().get("subjects")).hasSize(4);
    assertThat(output.data().get("bodies")).hasSize(4);
  }

  @Test
  void theBriefMayAskForFewerVariants() {
    ObjectNode input = (ObjectNode) example("campaign-draft-input.json");
    input.remove("email");
    ((ObjectNode) input.get("brief")).put("variants", 3);

    JsonNode data = perform(input).data();

    assertThat(data.get("subjects")).hasSize(3);
    assertThat(data.get("preheaders")).hasSize(3);
  }

  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        arguments("{}", "input.brief is required"),
        arguments("{\"input\": {\"brief\": []}}", "input.brief must be an object"),
        arguments(
            "{\"input\": {\"brief\": {\"product\": \"Boots\"}}}", "input.brief.goal is required"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"sale\", \"product\": \"Boots\"}}}",
            "input.brief.goal must be one of launch, promotion, re-engagement, newsletter, event,"
                + " got 'sale'"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\"}}}", "input.brief.product is required"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"  \"}}}",
            "input.brief.product must not be blank"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\", \"tone\": \"sad\"}}}",
            "input.brief.tone must be one of friendly, professional, urgent, playful, got 'sad'"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\", \"keyPoints\": [1]}}}",
            "input.brief.keyPoints[0] must be a string"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\", \"seed\": 1.5}}}",
            "input.brief.seed must be an integer"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\", \"variants\": 11}}}",
            "input.brief.variants must lie between 1 and 10, got 11"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\", \"url\": \"acme\"}}}",
            "input.brief.url must be an http or https URL without spaces, got 'acme'"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\"},"
                + " \"email\": {\"subject\": \"s\"}}}",
            "input.email.from is required"),
        arguments(
            "{\"input\": {\"brief\": {\"goal\": \"launch\", \"product\": \"B\"}},"
                + " \"budget\": {\"maxVariants\": \"two\"}}",
            "budget.maxVariants must be an integer"));
  }

  @ParameterizedTest
  @MethodSource("invalidInputs")
  void failsInvalidInputNamingTheFieldWithoutRetry(String stepInput, String message) {
    AgentFailure failure = AgentCalls.failure(agent, json(stepInput));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).isEqualTo(message);
  }
}
