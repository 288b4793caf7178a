package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.memory.TextEmbedder;
import ai.maily.mesh.core.memory.TextEmbedderProvider;
import ai.maily.mesh.core.memory.UnitVector;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The node finds this module's embedder for the agents' memory, and it is the node's model. */
class NodeTextEmbedderTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static UnitVector embed(TextEmbedder embedder, String text) {
    return embedder.embed(text).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  @Test
  void theServiceLoaderFindsTheNodesModel() {
    TextEmbedder embedder = TextEmbedderProvider.load(testKit.system());
    String text = "Our Winter Blend is back.";

    UnitVector vector = embed(embedder, text);

    float[] model =
        NodeEmbeddings.get(testKit.system()).embed(text).toCompletableFuture().join().toArray();
    assertThat(vector.dimensions()).isEqualTo(384);
    assertThat(vector.toArray()).containsExactly(model, within(1e-6f));
    assertThat(vector.similarity(embed(embedder, "The Winter Blend has returned.")))
        .isGreaterThan(vector.similarity(embed(embedder, "Quarterly earnings beat forecasts.")));
  }
}
