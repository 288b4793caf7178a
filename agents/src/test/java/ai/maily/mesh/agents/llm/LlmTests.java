package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** What the language-model tests share: settings for a test server, and waiting on a call. */
final class LlmTests {

  private LlmTests() {}

  /**
   * The defaults, with {@code overrides} (HOCON inside {@code mesh.ai.llm}), on {@code baseUrl}.
   */
  static LanguageModelSettings settings(String baseUrl, String overrides) {
    return LanguageModelSettings.fromConfig(
            ConfigFactory.parseString(
                    "mesh.ai.llm { base-url = \"\", model = \"test-model\", api-key = \"\"\n"
                        + overrides
                        + "\n}")
                .withFallback(ConfigFactory.load()))
        .withBaseUrl(URI.create(baseUrl));
  }

  static OpenAiCompatibleModel model(String baseUrl, String overrides, Clock clock) {
    return OpenAiCompatibleModel.create(settings(baseUrl, overrides), clock);
  }

  /** A plain request: instructions, a brief as data, free text back. */
  static ChatRequest request(String brief) {
    return new ChatRequest(
        Prompt.builder()
            .instructions("Write one subject line for the brief.")
            .text("brief", brief)
            .build(),
        AnswerFormat.text(),
        200,
        0.7);
  }

  /** The stage's value, waiting up to ten seconds. */
  static <T> T result(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the call failed", e);
    }
  }

  /** The stage's failure, waiting up to ten seconds. */
  static Throwable failure(CompletionStage<?> stage) {
    Throwable thrown = catchThrowable(() -> stage.toCompletableFuture().get(10, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    return thrown.getCause();
  }

  /** The stage's failure, which must be a {@link LanguageModelFailure}. */
  static LanguageModelFailure modelFailure(CompletionStage<?> stage) {
    Throwable cause = failure(stage);
    assertThat(cause).isInstanceOf(LanguageModelFailure.class);
    return (LanguageModelFailure) cause;
  }
}
