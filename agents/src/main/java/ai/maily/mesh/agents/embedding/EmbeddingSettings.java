package ai.maily.mesh.agents.embedding;

import com.typesafe.config.Config;
import java.time.Duration;

/** How the local embedding model runs; read from {@code mesh.ai.embedding}. */
public record EmbeddingSettings(
    int maxBatch, Duration maxWait, int maxPending, int maxTokens, int threads) {

  public EmbeddingSettings {
    if (maxBatch < 1
        || maxWait.isNegative()
        || maxPending < maxBatch
        || maxTokens < 3
        || threads < 1) {
      throw new IllegalArgumentException(
          "embedding settings out of range: max-batch >= 1, max-wait >= 0,"
              + " max-pending >= max-batch, max-tokens >= 3, threads >= 1");
    }
  }

  /** The settings in {@code config}'s {@code mesh.ai.embedding} section. */
  public static EmbeddingSettings fromConfig(Config config) {
    Config embedding = config.getConfig("mesh.ai.embedding");
    return new EmbeddingSettings(
        embedding.getInt("max-batch"),
        embedding.getDuration("max-wait"),
        embedding.getInt("max-pending"),
        embedding.getInt("max-tokens"),
        embedding.getInt("threads"));
  }
}
