package ai.maily.mesh.core.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class NodePredictionsTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void findsNothingUntilAModuleRegistersPredictionsThenFindsThose() {
    ActorTestKit node = ActorTestKit.create();
    try {
      assertThat(NodePredictions.find(node.system())).isEmpty();

      EngagementPredictions predictions = new NoHistory();
      NodePredictions.register(node.system(), predictions);

      assertThat(NodePredictions.find(node.system())).containsSame(predictions);
      assertThat(NodePredictions.find(testKit.system())).isEmpty();
    } finally {
      node.shutdownTestKit();
    }
  }

  /** Predictions of a tenant without history: every answer is empty. */
  private static final class NoHistory implements EngagementPredictions {

    @Override
    public CompletionStage<Optional<EngagementForecast>> forecast(
        Audience audience, EmailContent content) {
      return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Optional<SendTimeForecast>> bestSendTime(Audience audience) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
  }
}
