package ai.maily.mesh.core.cache;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The cache's settings, from {@code mesh.cache}.
 *
 * @param redisUri Redis to use ({@code redis://[user:password@]host:port[/db]}, or {@code
 *     rediss://} for TLS); empty for the in-process cache alone
 * @param localMaxBytes the in-process cache's bound on its keys' and values' bytes
 * @param redisTimeout bounds connecting to Redis, each command, and waiting for a pooled connection
 * @param redisPoolSize connections to Redis at most
 * @param breakerFailureThreshold consecutive Redis failures that open the breaker
 * @param breakerResetTimeout how long the breaker stays open before a trial call
 */
public record CacheSettings(
    Optional<URI> redisUri,
    long localMaxBytes,
    Duration redisTimeout,
    int redisPoolSize,
    int breakerFailureThreshold,
    Duration breakerResetTimeout) {

  /** Reads {@code mesh.cache}'s block. */
  public static CacheSettings fromConfig(Config cache) {
    String uri = cache.getString("redis-uri").trim();
    return new CacheSettings(
        uri.isEmpty() ? Optional.empty() : Optional.of(URI.create(uri)),
        cache.getBytes("local.max-size"),
        cache.getDuration("redis.timeout"),
        cache.getInt("redis.pool-size"),
        cache.getInt("redis.breaker.failure-threshold"),
        cache.getDuration("redis.breaker.reset-timeout"));
  }

  /** These settings on {@code uri}. */
  public CacheSettings withRedisUri(URI uri) {
    return new CacheSettings(
        Optional.of(uri),
        localMaxBytes,
        redisTimeout,
        redisPoolSize,
        breakerFailureThreshold,
        breakerResetTimeout);
  }
}
