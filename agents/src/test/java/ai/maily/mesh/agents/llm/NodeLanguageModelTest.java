package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.resilience.BreakerState;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;

class NodeLanguageModelTest {

  @Test
  void aNodeHasNoLanguageModelUnlessOneIsConfigured() {
    ActorTestKit testKit =
        ActorTestKit.create(
            ConfigFactory.parseString("mesh.ai.llm.base-url = \"\"")
                .withFallback(ConfigFactory.load()));
    try {
      assertThat(NodeLanguageModel.get(testKit.system())).isEmpty();
      assertThat(NodeLanguageModel.status(testKit.system()))
          .isEqualTo(LanguageModelStatus.NOT_CONFIGURED);
    } finally {
      testKit.shutdownTestKit();
    }
  }

  @Test
  void aNodeWithABaseUrlHasTheModelItNames() {
    ActorTestKit testKit =
        ActorTestKit.create(
            ConfigFactory.parseString(
                    "mesh.ai.llm { base-url = \"http://127.0.0.1:11434/v1\", model = \"llama3.2\" }")
                .withFallback(ConfigFactory.load()));
    try {
      assertThat(NodeLanguageModel.get(testKit.system()))
          .hasValueSatisfying(model -> assertThat(model.modelName()).isEqualTo("llama3.2"));
      assertThat(NodeLanguageModel.get(testKit.system()).orElseThrow())
          .isSameAs(NodeLanguageModel.get(testKit.system()).orElseThrow());
      LanguageModelStatus status = NodeLanguageModel.status(testKit.system());
      assertThat(status.configured()).isTrue();
      assertThat(status.model()).isEqualTo("llama3.2");
      assertThat(status.breaker().state()).isEqualTo(BreakerState.CLOSED);
      assertThat(status.lastFailure()).isNull();
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
