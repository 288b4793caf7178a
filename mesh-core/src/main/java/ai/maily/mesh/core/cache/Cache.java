package ai.maily.mesh.core.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The node's cache of values that are costly to compute again (embeddings, agents' results), keyed
 * by the hash of the content they come from; see ADR 0027. Nothing that uses it may depend on a
 * hit: an entry may be gone at any time, and a failing backend answers misses.
 *
 * <p>Calls may block on the network (Redis) for up to its timeout: make them from a blocking
 * dispatcher, such as the one agents run on, never from an actor's or the default dispatcher.
 */
public interface Cache extends AutoCloseable {

  /** The value stored under {@code key}, unless it was never stored, expired or was invalidated. */
  Optional<byte[]> get(CacheKey key);

  /**
   * Stores {@code value} under {@code key} for {@code ttl} (positive), replacing what was there.
   */
  void put(CacheKey key, byte[] value, Duration ttl);

  /**
   * Drops every entry of {@code scope}, e.g. when a tenant's agent memory changes; entries put
   * afterwards are kept.
   */
  void invalidate(CacheScope scope);

  /**
   * The generation {@code scope} is at: a number each {@link #invalidate} of the scope moves on. A
   * value computed from state the scope stands for (a tenant's agent memory) carries the generation
   * read before the computation in its key's hash, so a change of that state during the computation
   * leaves the value unreachable rather than stale (ADR 0027, agents' results). Counts as neither a
   * hit nor a miss.
   */
  long generation(CacheScope scope);

  /** The backend, its breaker and the counters since the node started. */
  CacheStatus status();

  /** The text stored under {@code key} by {@link #putText}. */
  default Optional<String> getText(CacheKey key) {
    return get(key).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  /** Stores {@code value} as UTF-8. */
  default void putText(CacheKey key, String value, Duration ttl) {
    put(key, value.getBytes(StandardCharsets.UTF_8), ttl);
  }

  /** Releases the backend's connections; the in-process cache holds none. */
  @Override
  default void close() {}

  /** The cache {@code settings} describe: Redis when a URI is set, else in-process. */
  static Cache open(CacheSettings settings) {
    return settings.redisUri().isPresent()
        ? RedisCache.open(settings)
        : new LocalCache(settings.localMaxBytes(), Ticker.systemTicker());
  }
}
