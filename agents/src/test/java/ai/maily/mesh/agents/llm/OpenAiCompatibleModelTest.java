package ai.maily.mesh.agents.llm;

import static ai.maily.mesh.agents.llm.LlmTests.model;
import static ai.maily.mesh.agents.llm.LlmTests.modelFailure;
import static ai.maily.mesh.agents.llm.LlmTests.request;
import static ai.maily.mesh.agents.llm.LlmTests.result;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.ManualClock;
import ai.maily.mesh.core.resilience.BreakerState;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The model against an OpenAI-compatible server that speaks HTTP and server-sent events. */
class OpenAiCompatibleModelTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  private final ManualClock clock = new ManualClock();
  private final CompletableFuture<Void> gate = new CompletableFuture<>();
  private final List<String> deltas = new CopyOnWriteArrayList<>();
  private final List<String> completed = new CopyOnWriteArrayList<>();
  private final TokenListener listener =
      new TokenListener() {
        @Override
        public void onToken(String delta) {
          deltas.add(delta);
        }

        @Override
        public void onComplete(String text) {
          completed.add(text);
        }
      };
  private OpenAiCompatibleServer server;
  private OpenAiCompatibleModel model;

  @BeforeEach
  void start() {
    server = OpenAiCompatibleServer.start(testKit.system());
  }

  @AfterEach
  void stop() {
    gate.complete(null);
    if (model != null) {
      model.close();
    }
    server.close();
  }

  @AfterAll
  static void stopAll() {
    testKit.shutdownTestKit();
  }

  private OpenAiCompatibleModel model(String overrides) {
    model = LlmTests.model(server.baseUrl(), overrides, clock);
    return model;
  }

  private CompletionStage<Completion> ask(String overrides) {
    return model(overrides).complete(request("Spring sale"), listener);
  }

  @Test
  void streamsTheAnswerToTheListenerAndReportsTheServersUsage() {
    server.reply(Reply.stream("Spring ", "is ", "here"));

    Completion completion = result(ask(""));

    assertThat(completion.text()).isEqualTo("Spring is here");
    assertThat(completion.finishReason()).isEqualTo("stop");
    assertThat(completion.truncated()).isFalse();
    assertThat(completion.usage())
        .isEqualTo(new TokenUsage(OpenAiCompatibleServer.PROMPT_TOKENS, 3, false));
    assertThat(deltas).containsExactly("Spring ", "is ", "here");
    assertThat(completed).containsExactly("Spring is here");
  }

  @Test
  void sendsAStreamedChatCompletionRequest() {
    server.reply(Reply.stream("ok"));

    result(ask(""));

    OpenAiCompatibleServer.Received received = server.takeRequest();
    JsonNode body = received.body();
    assertThat(body.path("model").asText()).isEqualTo("test-model");
    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.7);
    assertThat(body.has("response_format")).isFalse();
    assertThat(body.path("messages").findValuesAsText("role")).containsExactly("system", "user");
    assertThat(received.message("system"))
        .startsWith("Write one subject line for the brief.")
        .endsWith(Prompt.DATA_POLICY);
    assertThat(received.message("user"))
        .isEqualTo("<data name=\"brief\">\n\"Spring sale\"\n</data>");
    assertThat(received.header("Accept")).isEqualTo("text/event-stream");
    assertThat(received.header("Content-Type")).startsWith("application/json");
    assertThat(received.header("Authorization")).isEmpty();
  }

  @Test
  void sendsTheKeyAsABearerToken() {
    server.close();
    server = OpenAiCompatibleServer.start(testKit.system(), "sk-test-123");
    server.reply(Reply.stream("ok"));

    assertThat(result(ask("api-key = \"sk-test-123\"")).text()).isEqualTo("ok");
    assertThat(server.takeRequest().header("Authorization")).isEqualTo("Bearer sk-test-123");
  }

  @Test
  void aRefusedKeyFailsWithTheServersMessageAndCountsAgainstTheServer() {
    server.close();
    server = OpenAiCompatibleServer.start(testKit.system(), "sk-right");

    LanguageModelFailure failure = modelFailure(ask("api-key = \"sk-wrong\""));

    assertThat(failure.reason()).isEqualTo(Reason.REFUSED);
    assertThat(failure.status()).isEqualTo(401);
    assertThat(failure.getMessage())
        .contains("Incorrect API key provided", "invalid_api_key")
        .doesNotContain("sk-wrong");
    assertThat(model.breaker().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void estimatesTheUsageWhenTheServerReportsNoneAndSaysSo() {
    server.reply(Reply.streamWithoutUsage("abcd", "efgh"));
    ChatRequest request = request("Spring sale");

    Completion completion = result(model("").complete(request, listener));

    assertThat(completion.usage())
        .isEqualTo(new TokenUsage(TokenEstimate.promptTokens(request), 2, true));
  }

  @Test
  void readsAnAnswerTheServerSendsWhole() {
    server.reply(Reply.whole("Spring is here"));

    Completion completion = result(ask(""));

    assertThat(completion.text()).isEqualTo("Spring is here");
    assertThat(completion.usage())
        .isEqualTo(new TokenUsage(OpenAiCompatibleServer.PROMPT_TOKENS, 1, false));
    assertThat(deltas).containsExactly("Spring is here");
    assertThat(completed).containsExactly("Spring is here");
  }

  @Test
  void saysWhenTheAnswerWasCutAtItsTokenLimit() {
    server.reply(Reply.streamCutShort("Spring is"));

    assertThat(result(ask("")).truncated()).isTrue();
  }

  @Test
  void asksForJsonByItsSchemaOrAsAnyObjectAsConfigured() {
    JsonNode schema = Json.MAPPER.createObjectNode().put("type", "object");
    ChatRequest request =
        new ChatRequest(
            request("Sale").prompt(), AnswerFormat.jsonSchema("subjects", schema), 100, 0);
    server.reply(Reply.stream("{}")).reply(Reply.stream("{}"));

    result(model("").complete(request));
    model.close();
    result(model("structured-output = json-object").complete(request));

    OpenAiCompatibleServer.Received bySchema = server.takeRequest();
    JsonNode format = bySchema.body().path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("subjects");
    assertThat(format.path("json_schema").path("schema")).isEqualTo(schema);
    assertThat(bySchema.message("system")).endsWith(schema.toString());
    OpenAiCompatibleServer.Received asObject = server.takeRequest();
    assertThat(asObject.body().path("response_format").path("type").asText())
        .isEqualTo("json_object");
    assertThat(asObject.message("system")).endsWith(schema.toString());
  }

  @Test
  void aServerErrorFailsWithTheServersMessage() {
    server.reply(
        Reply.error(503, "server_error", "overloaded", "The engine is currently overloaded"));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(failure.status()).isEqualTo(503);
    assertThat(failure.getMessage())
        .contains("(503)", "The engine is currently overloaded", "server_error");
  }

  @Test
  void anErrorBodyThatIsNotJsonIsReportedAsItCame() {
    server.reply(Reply.raw(502, "text/html", "<html><body>Bad gateway</body></html>"));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(failure.getMessage()).contains("Bad gateway");
  }

  @Test
  void aRateLimitHoldsCallsBackUntilItsRetryAfterHasPassed() {
    model("breaker.failure-threshold = 10");
    server.reply(Reply.rateLimited("7"));

    LanguageModelFailure limited = modelFailure(model.complete(request("Sale")));
    LanguageModelFailure heldBack = modelFailure(model.complete(request("Sale")));
    clock.advance(Duration.ofSeconds(7));
    server.reply(Reply.stream("ok"));
    Completion after = result(model.complete(request("Sale")));

    assertThat(limited.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(limited.getMessage()).contains("Rate limit reached");
    assertThat(heldBack.reason()).isEqualTo(Reason.RATE_LIMITED);
    assertThat(heldBack.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(after.text()).isEqualTo("ok");
    assertThat(server.requestCount()).isEqualTo(2);
  }

  @Test
  void opensTheCircuitAfterRepeatedFailuresAndClosesItAfterASuccessfulTrial() {
    model("breaker { failure-threshold = 2, reset-timeout = 30s }");
    server
        .reply(Reply.error(500, "server_error", null, "The server had an error"))
        .reply(Reply.error(500, "server_error", null, "The server had an error"));

    modelFailure(model.complete(request("Sale")));
    modelFailure(model.complete(request("Sale")));
    LanguageModelFailure open = modelFailure(model.complete(request("Sale")));
    assertThat(open.reason()).isEqualTo(Reason.CIRCUIT_OPEN);
    assertThat(server.requestCount()).isEqualTo(2);
    assertThat(model.breaker().state()).isEqualTo(BreakerState.OPEN);

    clock.advance(Duration.ofSeconds(30));
    server.reply(Reply.stream("back"));

    assertThat(result(model.complete(request("Sale"))).text()).isEqualTo("back");
    assertThat(model.breaker().state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void aRequestTheServerRefusesSaysNothingAboutItsHealth() {
    model("breaker.failure-threshold = 2");
    for (int i = 0; i < 3; i++) {
      server.reply(
          Reply.error(
              400,
              "invalid_request_error",
              "context_length_exceeded",
              "This model's maximum context length is 8192 tokens"));
      LanguageModelFailure refused = modelFailure(model.complete(request("Sale")));
      assertThat(refused.reason()).isEqualTo(Reason.REFUSED);
      assertThat(refused.getMessage()).contains("maximum context length");
    }

    assertThat(model.breaker().state()).isEqualTo(BreakerState.CLOSED);
    assertThat(model.breaker().consecutiveFailures()).isZero();
    assertThat(server.requestCount()).isEqualTo(3);
  }

  @Test
  void aSlowAnswerThatBeginsInTimeSucceeds() {
    server.reply(Reply.stream("late ", "but ", "fine").heldUntil(gate));

    CompletionStage<Completion> call = ask("");
    server.takeRequest();
    assertThat(call.toCompletableFuture()).isNotDone();
    gate.complete(null);

    assertThat(result(call).text()).isEqualTo("late but fine");
  }

  @Test
  void timesOutWhenNoAnswerBeginsInTime() {
    server.reply(Reply.stream("too late").heldUntil(gate));

    LanguageModelFailure failure = modelFailure(ask("first-token-timeout = 300ms"));

    assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failure.getMessage()).contains("no answer began within 300 ms");
    assertThat(model.breaker().consecutiveFailures()).isEqualTo(1);
    assertThat(deltas).isEmpty();
  }

  @Test
  void timesOutWhenTheWholeAnswerTakesTooLong() {
    server.reply(Reply.stallingAfter(gate, "Spring "));

    // The first event comes at once and stops the first-token timer, which would otherwise fire
    // together with the call's.
    LanguageModelFailure failure = modelFailure(ask("first-token-timeout = 2s, call-timeout = 2s"));

    assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(failure.getMessage()).contains("took longer than 2000 ms");
    assertThat(deltas).containsExactly("Spring ");
    assertThat(completed).isEmpty();
  }

  @Test
  void aStreamEventThatIsNotJsonFailsTheCallAsMalformed() {
    server.reply(Reply.events("{\"id\": \"chatcmpl-1\", \"choices\": [{\"delta\": "));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
    assertThat(failure.getMessage()).contains("not JSON", "chatcmpl-1");
    assertThat(model.breaker().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void anErrorInTheStreamFailsTheCallWithItsMessage() {
    server.reply(
        Reply.events(
            "{\"error\": {\"message\": \"The model is overloaded\", \"type\": \"server_error\"}}"));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.SERVER_ERROR);
    assertThat(failure.getMessage()).contains("The model is overloaded");
  }

  @Test
  void aStreamThatEndsBeforeTheAnswerIsCompleteFails() {
    server.reply(Reply.endingEarly("Spring ", "is"));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.STREAM_ENDED_EARLY);
    assertThat(failure.getMessage()).contains("after 9 characters");
    assertThat(deltas).containsExactly("Spring ", "is");
    assertThat(completed).isEmpty();
  }

  @Test
  void aStreamWhoseConnectionDropsFails() {
    CompletableFuture<Void> delivered = new CompletableFuture<>();
    server.reply(Reply.droppingAfter(delivered, "Spring "));

    LanguageModelFailure failure =
        modelFailure(
            model("")
                .complete(
                    request("Spring sale"),
                    delta -> {
                      deltas.add(delta);
                      delivered.complete(null);
                    }));

    assertThat(failure.reason()).isEqualTo(Reason.STREAM_ENDED_EARLY);
    assertThat(failure.getMessage()).contains("broke off after 7 characters");
    assertThat(deltas).containsExactly("Spring ");
    assertThat(model.breaker().consecutiveFailures()).isEqualTo(1);
  }

  @Test
  void aWholeAnswerWhoseStreamDropsBeforeDoneIsTakenWithItsUsageEstimated() {
    CompletableFuture<Void> whole = new CompletableFuture<>();
    server.reply(Reply.droppingBeforeDone(whole, "Spring ", "is here"));
    ChatRequest request = request("Spring sale");

    Completion completion =
        result(
            model("")
                .complete(
                    request,
                    new TokenListener() {
                      @Override
                      public void onToken(String delta) {
                        deltas.add(delta);
                        if (deltas.size() == 2) {
                          whole.complete(null);
                        }
                      }
                    }));

    assertThat(completion.text()).isEqualTo("Spring is here");
    assertThat(completion.finishReason()).isEqualTo("stop");
    assertThat(completion.usage().estimated()).isTrue();
  }

  @Test
  void anAnswerOfAnotherContentTypeIsMalformed() {
    server.reply(Reply.raw(200, "text/html", "<html>Welcome</html>"));

    LanguageModelFailure failure = modelFailure(ask(""));

    assertThat(failure.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
    assertThat(failure.getMessage()).contains("text/html");
  }

  @Test
  void anAnswerLongerThanTheLimitIsMalformed() {
    server.reply(Reply.stream("x".repeat(2000)));

    LanguageModelFailure failure = modelFailure(ask("max-response-size = 1KiB"));

    assertThat(failure.reason()).isEqualTo(Reason.MALFORMED_RESPONSE);
    assertThat(failure.getMessage()).contains("longer than 1024 characters");
  }

  @Test
  void aClosedModelFailsItsCallsWithoutSendingThem() {
    model("").close();

    LanguageModelFailure failure = modelFailure(model.complete(request("Sale")));

    assertThat(failure.reason()).isEqualTo(Reason.CONNECTION_FAILED);
    assertThat(server.requestCount()).isZero();
    assertThat(model.breaker().state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void failsWhenNoServerListens() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    model = LlmTests.model("http://127.0.0.1:" + closedPort + "/v1", "", clock);

    LanguageModelFailure failure = modelFailure(model.complete(request("Sale")));

    assertThat(failure.reason()).isEqualTo(Reason.CONNECTION_FAILED);
    assertThat(failure.getMessage()).startsWith("could not reach the server");
  }
}
