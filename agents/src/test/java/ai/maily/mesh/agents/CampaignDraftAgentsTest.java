package ai.maily.mesh.agents;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.compliance.ComplianceAgent;
import ai.maily.mesh.agents.compliance.SpamModel;
import ai.maily.mesh.agents.copy.CopywriterAgent;
import ai.maily.mesh.agents.copy.LocalComposer;
import ai.maily.mesh.agents.embedding.EmbeddingModel;
import ai.maily.mesh.agents.embedding.LocalModelExtension;
import ai.maily.mesh.agents.optimize.OptimizerAgent;
import ai.maily.mesh.agents.personalize.PersonalizerAgent;
import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.SchemaConformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agents of the campaign-draft playbook, called in its order with the step inputs the
 * coordinator builds ({@code input} and the outputs of the steps each depends on): copywriter, then
 * compliance and personalizer, then optimizer. A realistic brief with a spammy draft.
 */
@ExtendWith(LocalModelExtension.class)
class CampaignDraftAgentsTest {

  private static JsonNode run(Agent agent, JsonNode input, Map<String, JsonNode> deps) {
    ObjectNode step = AgentCalls.JSON.createObjectNode();
    step.set("input", input);
    ObjectNode depsNode = step.putObject("deps");
    deps.forEach(depsNode::set);
    AgentOutput output = AgentCalls.performStep(agent, step);
    assertThat(SchemaConformance.violations(agent.outputSchema(), output.data()))
        .as(agent.name())
        .isEmpty();
    return output.data();
  }

  @Test
  void writesChecksAndChoosesAWrittenVariantOverTheSpammyDraft(EmbeddingModel model) {
    ObjectNode input = (ObjectNode) AgentCalls.example("campaign-draft-input.json");
    ObjectNode email = (ObjectNode) input.get("email");
    email.put("subject", "FREE GIFT for all hikers!!! Act now");
    email.put(
        "text",
        "CONGRATULATIONS!!! You have been selected for a FREE GIFT. Click here and act now,"
            + " this is a once in a lifetime deal. Unsubscribe: https://acme.com/unsubscribe");
    email.remove("html");
    ((ObjectNode) input.get("brief")).put("industry", "hobbies");
    input.putObject("schedule").put("timezone", "America/Denver");

    JsonNode copy = run(new CopywriterAgent(new LocalComposer(c -> model)), input, Map.of());
    JsonNode compliance =
        run(new ComplianceAgent(c -> model, SpamModel.shipped()), input, Map.of("copy", copy));
    JsonNode personalize = run(new PersonalizerAgent(), input, Map.of("copy", copy));
    JsonNode optimize =
        run(
            new OptimizerAgent(c -> Optional.empty()),
            input,
            Map.of("copy", copy, "compliance", compliance, "personalize", personalize));

    List<String> written =
        copy.get("subjects").findValues("source").stream()
            .map(JsonNode::asText)
            .filter("local"::equals)
            .toList();
    assertThat(written).hasSizeGreaterThanOrEqualTo(3);
    assertThat(copy.get("subjects").findValuesAsText("score"))
        .allSatisfy(score -> assertThat(Double.parseDouble(score)).isBetween(0.0, 1.0));
    assertThat(compliance.get("passed").asBoolean()).isFalse();
    assertThat(compliance.at("/spam/likelySpam").asBoolean()).isTrue();

    String chosen = optimize.at("/subject/id").asText();
    assertThat(chosen).startsWith("s").isNotEqualTo("s-draft");
    assertThat(copy.get("subjects").findValuesAsText("id")).contains(chosen);
    JsonNode draft =
        optimize.get("subjects").findParents("id").stream()
            .filter(s -> s.get("id").asText().equals("s-draft"))
            .findFirst()
            .orElseThrow();
    assertThat(draft.get("flagged").asBoolean()).isTrue();
    assertThat(optimize.at("/variant/id").asText()).isNotEqualTo("b-draft");
    assertThat(optimize.at("/expected/open/expected").asDouble()).isBetween(0.15, 0.45);
    assertThat(optimize.at("/sendTime/timezone").asText()).isEqualTo("America/Denver");
  }
}
