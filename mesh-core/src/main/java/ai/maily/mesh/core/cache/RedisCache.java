package ai.maily.mesh.core.cache;

import ai.maily.mesh.core.resilience.BreakerState;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import com.github.benmanes.caffeine.cache.Ticker;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The cache in Redis, shared by every node, through a pooled Jedis client (ADR 0027). A circuit
 * breaker stands in front of Redis: a failing call, or any call while the breaker is open, is
 * served by the node's {@link LocalCache} instead, so an outage costs hits and never fails a
 * caller.
 *
 * <p>Each scope's generation lives in Redis ({@link CacheScope#generationKey}) and is part of every
 * entry's key: an invalidation is one {@code INCR}, seen at once by every node, and the scope's
 * older entries expire by their TTL. An invalidation Redis misses is remembered and replayed before
 * Redis is read again. The local cache is emptied when Redis comes back, so that values it kept
 * from an outage cannot outlive invalidations made elsewhere in the meantime.
 */
public final class RedisCache implements Cache {

  private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);

  private final UnifiedJedis redis;
  private final LocalCache fallback;
  private final CircuitBreaker breaker;
  private final CacheCounters counters = new CacheCounters();
  private final Set<CacheScope> missedInvalidations = ConcurrentHashMap.newKeySet();

  private RedisCache(UnifiedJedis redis, CacheSettings settings) {
    this.redis = redis;
    this.fallback = new LocalCache(settings.localMaxBytes(), Ticker.systemTicker());
    this.breaker =
        new CircuitBreaker(
            "cache-redis",
            settings.breakerFailureThreshold(),
            settings.breakerResetTimeout(),
            1,
            Clock.systemUTC(),
            this::onTransition);
  }

  /**
   * A cache on the Redis at {@code settings.redisUri()}. Connections are opened when first needed:
   * a node starts, and serves from its local cache, while Redis is down.
   */
  public static RedisCache open(CacheSettings settings) {
    URI uri = settings.redisUri().orElseThrow();
    if (!JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException(
          "mesh.cache.redis-uri must look like redis://host:port[/db], got " + redacted(uri));
    }
    int timeoutMs = Math.toIntExact(settings.redisTimeout().toMillis());
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMs)
            .socketTimeoutMillis(timeoutMs)
            .database(JedisURIHelper.getDBIndex(uri))
            .clientName("maily-mesh");
    if (JedisURIHelper.isRedisSSLScheme(uri)) {
      // TLS with Jedis's default options: the JVM's trust store.
      client.sslOptions(SslOptions.defaults());
    }
    if (JedisURIHelper.getPassword(uri) != null) {
      client.user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri));
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.redisPoolSize());
    pool.setMaxIdle(settings.redisPoolSize());
    // An exhausted pool is a failure like a slow Redis, not a reason to wait without end.
    pool.setMaxWait(settings.redisTimeout());
    UnifiedJedis redis =
        RedisClient.builder()
            .hostAndPort(JedisURIHelper.getHostAndPort(uri))
            .clientConfig(client.build())
            .poolConfig(pool)
            .build();
    LOG.info("cache on Redis at {}, the node's memory while it is unreachable", redacted(uri));
    return new RedisCache(redis, settings);
  }

  @Override
  public Optional<byte[]> get(CacheKey key) {
    byte[] value =
        call(
            () ->
                redis.get(
                    key.storageKey(redisGeneration(key.scope())).getBytes(StandardCharsets.UTF_8)),
            () -> fallback.lookup(key));
    return Optional.ofNullable(counters.read(key, value));
  }

  @Override
  public void put(CacheKey key, byte[] value, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a cache entry's TTL must be positive, got " + ttl);
    }
    call(
        () ->
            redis.set(
                key.storageKey(redisGeneration(key.scope())).getBytes(StandardCharsets.UTF_8),
                value,
                SetParams.setParams().px(ttl.toMillis())),
        () -> {
          fallback.store(key, value, ttl);
          return null;
        });
    counters.put(key);
  }

  @Override
  public void invalidate(CacheScope scope) {
    fallback.drop(scope);
    call(
        () -> redis.incr(scope.generationKey()),
        () -> {
          missedInvalidations.add(scope);
          return null;
        });
    counters.invalidation();
  }

  @Override
  public long generation(CacheScope scope) {
    return call(() -> redisGeneration(scope), () -> fallback.generation(scope));
  }

  @Override
  public CacheStatus status() {
    CircuitBreaker.Snapshot snapshot = breaker.snapshot();
    return new CacheStatus(
        "redis",
        snapshot.state() != BreakerState.CLOSED,
        snapshot,
        missedInvalidations.size(),
        fallback.entries(),
        counters.snapshot(),
        counters.byNamespace());
  }

  @Override
  public void close() {
    redis.close();
  }

  /**
   * Runs {@code remote} on Redis when the breaker lets it, after the invalidations Redis missed;
   * {@code local} when it does not, or when Redis fails.
   */
  private <T> T call(Supplier<T> remote, Supplier<T> local) {
    if (!breaker.tryAcquire()) {
      counters.fallback();
      return local.get();
    }
    T result;
    try {
      replayMissedInvalidations();
      result = remote.get();
    } catch (RuntimeException e) {
      // Jedis's own failures, and anything else a broken or foreign value in Redis causes: the
      // cache must never fail its caller.
      breaker.onFailure(e.toString());
      counters.error();
      counters.fallback();
      LOG.debug("Redis call failed; served by the local cache", e);
      return local.get();
    }
    breaker.onSuccess();
    return result;
  }

  private long redisGeneration(CacheScope scope) {
    String generation = redis.get(scope.generationKey());
    return generation == null ? 0 : Long.parseLong(generation);
  }

  private void replayMissedInvalidations() {
    for (CacheScope scope : missedInvalidations) {
      redis.incr(scope.generationKey());
      missedInvalidations.remove(scope);
    }
  }

  private void onTransition(CircuitBreaker.Transition transition) {
    LOG.warn(
        "cache's Redis breaker {} -> {}: {}",
        transition.from(),
        transition.to(),
        transition.reason());
    if (transition.to() == BreakerState.CLOSED) {
      fallback.clear();
    }
  }

  /** {@code uri} without its password, for logs and errors. */
  private static String redacted(URI uri) {
    return uri.getUserInfo() == null
        ? uri.toString()
        : uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
  }
}
