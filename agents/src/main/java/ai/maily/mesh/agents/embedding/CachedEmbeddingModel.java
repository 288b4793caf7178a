package ai.maily.mesh.agents.embedding;

import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.CacheKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * An {@link EmbeddingModel} that looks each text up in the node's {@link Cache} before it asks the
 * model, keyed by the SHA-256 of the text in a namespace of the model's own ({@code
 * embeddings.<model>}, tenant {@code shared}: an embedding depends on the text and the model
 * alone), and stores what the model computed. Hits and misses count in the cache's counters ({@code
 * GET /api/v1/cache}). A vector is stored as its float32 components, little-endian.
 *
 * <p>Lookups run on the caller's thread, which for agents is their blocking dispatcher; stores run
 * on {@code writes}, so that a slow Redis never holds up the model's own thread.
 */
public final class CachedEmbeddingModel implements EmbeddingModel {

  /** The tenant of every embedding entry: embeddings are the same for every tenant. */
  static final String ALL_TENANTS = "shared";

  private final EmbeddingModel model;
  private final Cache cache;
  private final String namespace;
  private final Duration ttl;
  private final Executor writes;

  /**
   * @param modelName the model's name, part of the namespace (lower-case letters, digits, {@code
   *     .}, {@code _}, {@code -})
   * @param ttl how long an entry lives
   */
  public CachedEmbeddingModel(
      EmbeddingModel model, Cache cache, String modelName, Duration ttl, Executor writes) {
    this.model = model;
    this.cache = cache;
    this.namespace = "embeddings." + modelName;
    this.ttl = ttl;
    this.writes = writes;
  }

  @Override
  public int dimensions() {
    return model.dimensions();
  }

  @Override
  public CompletionStage<Embedding> embed(String text) {
    return embedAll(List.of(text)).thenApply(all -> all.get(0));
  }

  @Override
  public CompletionStage<List<Embedding>> embedAll(List<String> texts) {
    List<CacheKey> keys = texts.stream().map(this::key).toList();
    Embedding[] found = new Embedding[texts.size()];
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      Optional<Embedding> hit = cache.get(keys.get(i)).flatMap(this::decode);
      if (hit.isPresent()) {
        found[i] = hit.get();
      } else {
        missing.add(i);
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(List.of(found));
    }
    return model
        .embedAll(missing.stream().map(texts::get).toList())
        .thenApplyAsync(
            computed -> {
              for (int m = 0; m < missing.size(); m++) {
                int i = missing.get(m);
                found[i] = computed.get(m);
                cache.put(keys.get(i), encode(found[i]), ttl);
              }
              return List.of(found);
            },
            writes);
  }

  private CacheKey key(String text) {
    return CacheKey.ofText(namespace, ALL_TENANTS, text);
  }

  static byte[] encode(Embedding embedding) {
    float[] values = embedding.toArray();
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return bytes.array();
  }

  /** The stored embedding; none when the entry is not a unit vector of this model's length. */
  private Optional<Embedding> decode(byte[] bytes) {
    if (bytes.length != model.dimensions() * Float.BYTES) {
      return Optional.empty();
    }
    float[] values = new float[model.dimensions()];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    try {
      return Optional.of(Embedding.ofUnit(values));
    } catch (IllegalArgumentException notUnit) {
      return Optional.empty();
    }
  }
}
