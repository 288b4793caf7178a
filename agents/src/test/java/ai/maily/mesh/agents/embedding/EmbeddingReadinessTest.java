package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class EmbeddingReadinessTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  @Test
  void reportsReadyOnceTheNodesModelHasWarmedUp() {
    EmbeddingReadiness check = new EmbeddingReadiness(Adapter.toClassic(testKit.system()));

    LocalEmbeddingModel model = NodeEmbeddings.get(testKit.system());
    model.ready().toCompletableFuture().join();

    // The check asks for the model on a thread of its own: it may answer a moment after the model.
    testKit
        .createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(10),
            () -> assertThat(check.get().toCompletableFuture().join()).isTrue());
    assertThat(model.embed("ready").toCompletableFuture().join().dimensions()).isEqualTo(384);
  }
}
