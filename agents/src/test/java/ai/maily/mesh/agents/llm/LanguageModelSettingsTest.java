package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.agents.llm.LanguageModelSettings.StructuredOutputMode;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LanguageModelSettingsTest {

  private static LanguageModelSettings read(String llm) {
    return LanguageModelSettings.fromConfig(
        ConfigFactory.parseString(
                "mesh.ai.llm { base-url = \"\", model = \"\", api-key = \"\"\n" + llm + "\n}")
            .withFallback(ConfigFactory.defaultReference()));
  }

  @Test
  void isOffByDefault() {
    LanguageModelSettings settings = read("");

    assertThat(settings.enabled()).isFalse();
    assertThat(settings.structuredOutput()).isEqualTo(StructuredOutputMode.JSON_SCHEMA);
    assertThat(settings.callTimeout().multipliedBy(2))
        .isLessThan(ConfigFactory.defaultReference().getDuration("mesh.agents.work-timeout"));
  }

  @Test
  void readsTheServerTheModelAndTheKey() {
    LanguageModelSettings settings =
        read(
            "base-url = \"https://llm.example.test/v1/\", model = \"gpt-4o-mini\","
                + " api-key = \"sk-secret\", structured-output = json-object");

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.chatCompletionsUri())
        .isEqualTo(URI.create("https://llm.example.test/v1/chat/completions"));
    assertThat(settings.model()).isEqualTo("gpt-4o-mini");
    assertThat(settings.apiKey()).isEqualTo("sk-secret");
    assertThat(settings.structuredOutput()).isEqualTo(StructuredOutputMode.JSON_OBJECT);
    assertThat(settings.toString()).doesNotContain("sk-secret").contains("apiKey=(set)");
  }

  @Test
  void joinsTheBaseUrlAndThePathWithOneSlash() {
    assertThat(read("base-url = \"http://127.0.0.1:11434/v1\", model = m").chatCompletionsUri())
        .isEqualTo(URI.create("http://127.0.0.1:11434/v1/chat/completions"));
  }

  @Test
  void refusesABaseUrlWithoutAModel() {
    assertThatThrownBy(() -> read("base-url = \"http://127.0.0.1:11434/v1\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model");
  }

  @Test
  void refusesBaseUrlsThatAreNotPlainHttp() {
    for (String url :
        new String[] {
          "ftp://host/v1", "127.0.0.1:11434", "http://user:key@host/v1", "http://host/v1?x=1", "::"
        }) {
      assertThatThrownBy(() -> read("base-url = \"" + url + "\", model = m"))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("base-url")
          .hasMessageNotContaining("key@");
    }
  }

  @Test
  void refusesTimeoutsAndAFormatOutOfRange() {
    assertThatThrownBy(() -> read("first-token-timeout = 0s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("first-token-timeout = 10s, call-timeout = 5s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("structured-output = grammar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("json-schema");
    assertThat(read("draft-interval = 0s").draftInterval()).isEqualTo(Duration.ZERO);
  }
}
