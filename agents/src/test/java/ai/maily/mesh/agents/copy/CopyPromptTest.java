package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.AgentCalls;
import ai.maily.mesh.agents.llm.AnswerFormat;
import ai.maily.mesh.agents.llm.ChatRequest;
import ai.maily.mesh.agents.llm.DataBlocks;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the copywriter asks a language model, before any server is involved. */
class CopyPromptTest {

  private static ChatRequest prompt(JsonNode taskInput) {
    CopyBrief brief = CopyBrief.from(AgentCalls.request(taskInput));
    return CopyPrompt.of(brief, DraftCopy.of(brief.draft()));
  }

  @Test
  void theBriefTheMergeFieldsAndTheDraftAreDataAndTheRulesAreInstructions() {
    ObjectNode input = (ObjectNode) AgentCalls.example("campaign-draft-input.json");
    ((ObjectNode) input.get("brief")).put("variants", 3);

    ChatRequest request = prompt(input);

    Map<String, JsonNode> blocks = DataBlocks.parse(request.prompt().user());
    assertThat(blocks.keySet()).containsExactly("brief", "merge-fields", "draft");
    assertThat(blocks.get("brief").get("product").asText()).isEqualTo("our spring trail guide");
    assertThat(blocks.get("brief").get("keyPoints")).hasSize(3);
    assertThat(blocks.get("merge-fields").toString())
        .isEqualTo("[\"city\",\"contact_id\",\"first_name\",\"loyalty_tier\"]");
    assertThat(blocks.get("draft").get("subject").asText())
        .isEqualTo("{{ first_name | default: \"Hi\" }}, your trail guide is here");
    String system = request.prompt().system();
    assertThat(system)
        .contains(
            "Write 3 subject lines, 3 preheaders and 3 email bodies",
            "a new product launch",
            "Tone: friendly",
            "at most 60 characters",
            "\"act now\"",
            "\"free money\"",
            "merge-fields")
        .doesNotContain("trail guide", "hikers", "acme.com", "loyalty_tier");
  }

  @Test
  void theAnswersSchemaAsksForExactlyTheVariantsTheStepMayHave() {
    ObjectNode stepInput = AgentCalls.JSON.createObjectNode();
    stepInput.set(
        "input", AgentCalls.json("{\"brief\": {\"goal\": \"event\", \"product\": \"A\"}}"));
    stepInput.putObject("budget").put("maxVariants", 2);

    ChatRequest request =
        CopyPrompt.of(
            CopyBrief.from(new AgentRequest("r-1", "tenant-a", "task-1", "write", stepInput)),
            DraftCopy.of(Optional.empty()));

    AnswerFormat.JsonSchema format = (AnswerFormat.JsonSchema) request.format();
    for (String kind : new String[] {"subjects", "preheaders", "bodies"}) {
      assertThat(format.schema().at("/properties/" + kind + "/minItems").asInt()).isEqualTo(2);
      assertThat(format.schema().at("/properties/" + kind + "/maxItems").asInt()).isEqualTo(2);
    }
    assertThat(request.maxOutputTokens())
        .isEqualTo(CopyPrompt.TOKENS_BASE + 2 * CopyPrompt.TOKENS_PER_VARIANT);
    assertThat(DataBlocks.parse(request.prompt().user()).keySet()).containsExactly("brief");
    assertThat(request.prompt().system()).contains("Use no merge tags");
  }
}
