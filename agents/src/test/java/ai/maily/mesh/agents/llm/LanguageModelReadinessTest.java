package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.llm.OpenAiCompatibleServer.Reply;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.health.ReadinessDetails;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The language model's readiness detail, as {@code /health/ready} renders it, against a real
 * chat-completions server: configured or not, the model, the breaker's state, the last failure.
 */
class LanguageModelReadinessTest {

  private ActorTestKit testKit;
  private OpenAiCompatibleServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    testKit.shutdownTestKit();
  }

  @Test
  void aNodeWithoutAModelShowsItIsNotConfigured() {
    testKit =
        ActorTestKit.create(
            ConfigFactory.parseString("mesh.ai.llm.base-url = \"\"")
                .withFallback(ConfigFactory.load()));

    JsonNode llm = detail("llm");

    assertThat(llm.path("configured").asBoolean()).isFalse();
    assertThat(llm.has("breaker")).isFalse();
    assertThat(detail("cache").path("backend").asText()).isEqualTo("local");
  }

  @Test
  void aServerAnsweringErrorsOpensTheBreakerTheDetailsShow() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    server = OpenAiCompatibleServer.start(testKit.system());
    ActorTestKit node =
        ActorTestKit.create(
            "llm-node",
            ConfigFactory.parseMap(
                    Map.of(
                        "mesh.ai.llm.base-url",
                        server.baseUrl(),
                        "mesh.ai.llm.model",
                        "llama3.2",
                        "mesh.ai.llm.breaker.failure-threshold",
                        2))
                .withFallback(ConfigFactory.load()));
    try {
      LanguageModel model = NodeLanguageModel.get(node.system()).orElseThrow();
      assertThat(detail(node, "llm").path("breaker").path("state").asText()).isEqualTo("CLOSED");
      for (int i = 0; i < 2; i++) {
        server.reply(Reply.error(503, "server_error", null, "The engine is overloaded"));
        assertThatThrownBy(
                () -> model.complete(LlmTests.request("Sale")).toCompletableFuture().join())
            .isInstanceOf(CompletionException.class)
            .hasCauseInstanceOf(LanguageModelFailure.class);
      }

      JsonNode llm = detail(node, "llm");

      assertThat(llm.path("configured").asBoolean()).isTrue();
      assertThat(llm.path("model").asText()).isEqualTo("llama3.2");
      assertThat(llm.path("breaker").path("state").asText()).isEqualTo("OPEN");
      assertThat(llm.path("lastFailure").path("reason").asText()).isEqualTo("SERVER_ERROR");
      assertThat(llm.path("lastFailure").path("detail").asText()).contains("overloaded");
      assertThat(llm.path("lastFailure").has("at")).isTrue();
    } finally {
      node.shutdownTestKit();
    }
  }

  @Test
  void aDetailIsRegisteredOnceUnderAValidName() {
    testKit = ActorTestKit.create(ConfigFactory.load());
    ReadinessDetails details = ReadinessDetails.get(testKit.system());

    assertThatThrownBy(() -> details.register("llm", () -> "again"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered already");
    assertThatThrownBy(() -> details.register("Bad Name", () -> "x"))
        .isInstanceOf(IllegalArgumentException.class);
    details.register(
        "broken",
        () -> {
          throw new IllegalStateException("no answer");
        });
    assertThat(detail("broken").path("error").asText()).isEqualTo("no answer");
    assertThat(detail("llm").path("configured").isBoolean()).isTrue();
  }

  private JsonNode detail(String name) {
    return detail(testKit, name);
  }

  /** The detail as the health route renders it: the registry's value as JSON. */
  private static JsonNode detail(ActorTestKit kit, String name) {
    return Json.tree(ReadinessDetails.get(kit.system()).now()).path(name);
  }
}
