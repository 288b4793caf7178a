package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.cache.CacheKey;
import ai.maily.mesh.core.cache.CacheStatus;
import ai.maily.mesh.core.cache.LocalCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real local model behind the in-process cache: misses ask the model, hits do not. */
class CachedEmbeddingModelTest {

  private static LocalEmbeddingModel model;

  @BeforeAll
  static void start() {
    model = LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(ConfigFactory.load()));
  }

  @AfterAll
  static void stop() {
    model.close();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  @Test
  void aSecondEmbeddingOfTheSameTextIsAHitWithTheSameVector() {
    LocalCache cache = new LocalCache(1 << 20, Ticker.systemTicker());
    CachedEmbeddingModel cached =
        new CachedEmbeddingModel(model, cache, "test-model", Duration.ofMinutes(5), Runnable::run);
    String text = "Trailhead 2 hiking boots are 20% off until Sunday.";

    Embedding first = join(cached.embed(text));
    CacheStatus.Counters afterMiss = cache.status().counters();
    Embedding second = join(cached.embed(text));
    CacheStatus.Counters afterHit = cache.status().counters();

    assertThat(afterMiss.misses()).isEqualTo(1);
    assertThat(afterMiss.puts()).isEqualTo(1);
    assertThat(afterHit.hits()).isEqualTo(1);
    assertThat(afterHit.misses()).isEqualTo(1);
    assertThat(second.toArray()).containsExactly(first.toArray());
    assertThat(first.toArray()).containsExactly(join(model.embed(text)).toArray());
    assertThat(cache.get(CacheKey.ofText("embeddings.test-model", "shared", text))).isPresent();
  }

  @Test
  void embedsOnlyTheMissesOfABatchAndKeepsTheOrder() {
    LocalCache cache = new LocalCache(1 << 20, Ticker.systemTicker());
    CachedEmbeddingModel cached =
        new CachedEmbeddingModel(model, cache, "test-model", Duration.ofMinutes(5), Runnable::run);
    join(cached.embed("Free returns for 60 days."));

    List<Embedding> all =
        join(cached.embedAll(List.of("Waterproof Gore-Tex lining.", "Free returns for 60 days.")));

    assertThat(cache.status().counters().hits()).isEqualTo(1);
    assertThat(cache.status().counters().misses()).isEqualTo(2);
    assertThat(all.get(0).toArray())
        .containsExactly(join(model.embed("Waterproof Gore-Tex lining.")).toArray());
    assertThat(all.get(1).toArray())
        .containsExactly(join(model.embed("Free returns for 60 days.")).toArray());
  }
}
