package ai.maily.mesh.agents.llm;

import static ai.maily.mesh.agents.llm.LlmTests.failure;
import static ai.maily.mesh.agents.llm.LlmTests.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.agent.AgentFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  private static final JsonNode SCHEMA =
      json(
          """
          {"type": "object", "required": ["subjects"], "additionalProperties": false,
           "properties": {"subjects": {"type": "array", "minItems": 3,
                                       "items": {"type": "string", "maxLength": 60}}}}
          """);
  private static final String GOOD =
      "{\"subjects\": [\"Spring is here\", \"20% off\", \"Last day\"]}";
  private static final String TOO_FEW = "{\"subjects\": [\"Spring is here\"]}";

  private OpenAiCompatibleServer server;
  private OpenAiCompatibleModel model;

  @BeforeEach
  void start() {
    server = OpenAiCompatibleServer.start(testKit.system());
    model = LlmTests.model(server.baseUrl(), "", new ManualClock());
  }

  @AfterEach
  void stop() {
    model.close();
    server.close();
  }

  @AfterAll
  static void stopAll() {
    testKit.shutdownTestKit();
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static ChatRequest request() {
    return new ChatRequest(
        Prompt.builder()
            .instructions("Write subject lines for the brief.")
            .text("brief", "Spring sale, 20% off")
            .build(),
        AnswerFormat.jsonSchema("subjects", SCHEMA),
        300,
        0.2);
  }

  @Test
  void takesAConformingAnswerFromOneCall() {
    server.reply(
        Reply.stream("{\"subjects\": [\"Spring is here\", ", "\"20% off\", \"Last day\"]}"));

    StructuredOutput.Answer answer =
        result(StructuredOutput.ask(model, request(), TokenListener.NONE));

    assertThat(answer.value()).isEqualTo(json(GOOD));
    assertThat(answer.calls()).hasSize(1);
    assertThat(answer.usage())
        .isEqualTo(new TokenUsage(OpenAiCompatibleServer.PROMPT_TOKENS, 2, false));
  }

  @Test
  void takesAnAnswerInACodeFence() {
    server.reply(Reply.stream("```json\n" + GOOD + "\n```"));

    assertThat(result(StructuredOutput.ask(model, request(), TokenListener.NONE)).value())
        .isEqualTo(json(GOOD));
  }

  @Test
  void asksOnceMoreWithTheWrongAnswerAndItsProblemsAsData() {
    server.reply(Reply.stream(TOO_FEW)).reply(Reply.stream(GOOD));

    StructuredOutput.Answer answer =
        result(StructuredOutput.ask(model, request(), TokenListener.NONE));

    assertThat(answer.value()).isEqualTo(json(GOOD));
    assertThat(answer.calls()).hasSize(2);
    assertThat(answer.usage())
        .isEqualTo(new TokenUsage(2 * OpenAiCompatibleServer.PROMPT_TOKENS, 2, false));
    server.takeRequest();
    OpenAiCompatibleServer.Received retry = server.takeRequest();
    assertThat(retry.message("system")).contains(StructuredOutput.CORRECTION);
    Map<String, JsonNode> blocks = DataBlocks.parse(retry.message("user"));
    assertThat(blocks.keySet()).containsExactly("brief", "previous-answer", "schema-problems");
    assertThat(blocks.get("previous-answer")).isEqualTo(TextNode.valueOf(TOO_FEW));
    assertThat(blocks.get("schema-problems")).hasSize(1);
    assertThat(blocks.get("schema-problems").get(0).asText()).contains("/subjects", "3");
  }

  @Test
  void asksOnceMoreWhenTheAnswerIsNotJson() {
    server.reply(Reply.stream("Sure! Here are three subject lines: ...")).reply(Reply.stream(GOOD));

    assertThat(result(StructuredOutput.ask(model, request(), TokenListener.NONE)).calls())
        .hasSize(2);
    server.takeRequest();
    assertThat(
            DataBlocks.parse(server.takeRequest().message("user"))
                .get("schema-problems")
                .get(0)
                .asText())
        .startsWith("the answer is not JSON");
  }

  @Test
  void aSecondWrongAnswerFailsTheWorkForGoodNamingWhatWasWrong() {
    server
        .reply(Reply.stream(TOO_FEW))
        .reply(Reply.stream("{\"subjects\": \"one\", \"extra\": 1}"));

    Throwable failure = failure(StructuredOutput.ask(model, request(), TokenListener.NONE));

    assertThat(failure).isInstanceOf(AgentFailure.class);
    assertThat(((AgentFailure) failure).retryable()).isFalse();
    assertThat(failure.getMessage()).contains("'subjects'", "twice", "/subjects", "extra");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void aModelThatGivesNoAnswerFailsWithTheReasonForTheFallback() {
    server.reply(Reply.error(500, "server_error", null, "The server had an error"));

    Throwable failure = failure(StructuredOutput.ask(model, request(), TokenListener.NONE));

    assertThat(failure).isInstanceOf(LanguageModelFailure.class);
    assertThat(((LanguageModelFailure) failure).reason()).isEqualTo(Reason.SERVER_ERROR);
  }

  @Test
  void needsAJsonSchemaFormat() {
    ChatRequest free = new ChatRequest(request().prompt(), AnswerFormat.text(), 100, 0);

    assertThatThrownBy(() -> StructuredOutput.ask(model, free, TokenListener.NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
