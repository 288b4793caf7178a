package ai.maily.mesh.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.resilience.BreakerState;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ShutdownParams;

/**
 * The Redis adapter against real Redis servers: the local one on its standard port, and one each
 * test starts and stops itself for the outage path. Every test uses a tenant of its own.
 */
class RedisCacheTest {

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final CacheSettings SETTINGS =
      new CacheSettings(
          Optional.of(LocalServices.REDIS_URI),
          1 << 20,
          Duration.ofMillis(500),
          4,
          2,
          Duration.ofMillis(200));

  private final String tenant = "cache-test-" + UUID.randomUUID();
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

  @AfterEach
  void close() throws Exception {
    while (!toClose.isEmpty()) {
      toClose.pop().close();
    }
  }

  @Test
  void nodesShareEntriesThroughRedis() {
    LocalServices.requireRedis();
    Cache one = open(SETTINGS);
    Cache two = open(SETTINGS);
    CacheKey key = CacheKey.ofText("embeddings", tenant, "the same text");

    assertThat(two.get(key)).isEmpty();
    one.putText(key, "[0.1, 0.2]", TTL);

    assertThat(two.getText(key)).contains("[0.1, 0.2]");
    assertThat(two.status().backend()).isEqualTo("redis");
    assertThat(two.status().degraded()).isFalse();
    assertThat(two.status().counters()).isEqualTo(new CacheStatus.Counters(1, 1, 0, 0, 0, 0));
    assertThat(one.status().counters().puts()).isEqualTo(1);
  }

  @Test
  void anInvalidationOnOneNodeHidesTheScopeOnEveryNode() {
    LocalServices.requireRedis();
    Cache one = open(SETTINGS);
    Cache two = open(SETTINGS);
    CacheKey memory = CacheKey.ofText("results", tenant, "brief");
    CacheKey otherNamespace = CacheKey.ofText("embeddings", tenant, "brief");
    one.putText(memory, "draft", TTL);
    one.putText(otherNamespace, "vector", TTL);

    two.invalidate(memory.scope());

    assertThat(one.get(memory)).isEmpty();
    assertThat(two.get(memory)).isEmpty();
    assertThat(one.getText(otherNamespace)).contains("vector");
    one.putText(memory, "new draft", TTL);
    assertThat(two.getText(memory)).contains("new draft");
  }

  @Test
  void entriesExpireInRedisAfterTheirTtl() {
    LocalServices.requireRedis();
    Cache cache = open(SETTINGS);
    CacheKey key = CacheKey.ofText("embeddings", tenant, "short-lived");
    cache.putText(key, "v", Duration.ofMillis(300));
    try (RedisClient redis = RedisClient.create(LocalServices.REDIS_URI)) {
      assertThat(redis.pttl(key.storageKey(0))).isBetween(1L, 300L);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> cache.get(key).isEmpty());
  }

  @Test
  void aClosedPortDegradesToTheLocalCacheAndNothingFails() throws IOException {
    Cache cache = open(SETTINGS.withRedisUri(URI.create("redis://127.0.0.1:" + freePort())));
    CacheKey key = CacheKey.ofText("embeddings", tenant, "text");

    assertThat(cache.get(key)).isEmpty();
    cache.putText(key, "kept locally", TTL);
    CacheStatus opened = cache.status();
    assertThat(opened.degraded()).isTrue();
    assertThat(opened.breaker().state()).isEqualTo(BreakerState.OPEN);
    assertThat(opened.counters().errors()).isEqualTo(2);

    assertThat(cache.getText(key)).contains("kept locally");
    cache.invalidate(key.scope());
    assertThat(cache.get(key)).isEmpty();

    CacheStatus status = cache.status();
    assertThat(status.counters()).isEqualTo(new CacheStatus.Counters(1, 2, 1, 1, 2, 5));
    assertThat(status.pendingInvalidations()).isEqualTo(1);
  }

  @Test
  void anOutageIsServedLocallyAndRedisIsUsedAgainOnceItIsBack() throws Exception {
    LocalServices.requireRedisServer();
    OwnRedis own = new OwnRedis(freePort(), Files.createTempDirectory("mesh-redis"));
    own.start();
    toClose.push(own::stop);
    Cache cache = open(SETTINGS.withRedisUri(own.uri()));
    CacheKey memory = CacheKey.ofText("results", tenant, "brief");
    CacheKey embedding = CacheKey.ofText("embeddings", tenant, "text");
    cache.putText(memory, "draft", TTL);
    cache.putText(embedding, "vector", TTL);

    own.stopSavingItsData();
    CacheKey duringOutage = CacheKey.ofText("embeddings", tenant, "during the outage");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              cache.get(embedding);
              return cache.status().breaker().state() == BreakerState.OPEN;
            });
    cache.putText(duringOutage, "local vector", TTL);
    assertThat(cache.getText(duringOutage)).contains("local vector");
    // The tenant's memory changes while Redis is down: Redis must learn of it when it is back.
    cache.invalidate(memory.scope());
    CacheStatus down = cache.status();
    assertThat(down.degraded()).isTrue();
    assertThat(down.pendingInvalidations()).isEqualTo(1);
    assertThat(down.counters().errors()).isGreaterThanOrEqualTo(2);
    assertThat(down.counters().fallbacks()).isGreaterThan(down.counters().errors());

    own.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              cache.get(embedding);
              return cache.status().breaker().state() == BreakerState.CLOSED;
            });

    CacheStatus up = cache.status();
    assertThat(up.degraded()).isFalse();
    assertThat(up.pendingInvalidations()).isZero();
    assertThat(up.localEntries()).isZero();
    assertThat(cache.getText(embedding)).contains("vector");
    assertThat(cache.get(memory)).isEmpty();
    assertThat(cache.get(duringOutage)).isEmpty();
  }

  private Cache open(CacheSettings settings) {
    Cache cache = Cache.open(settings);
    toClose.push(cache);
    return cache;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A Redis server of the test's own, which keeps its data across a stop and a start. */
  private record OwnRedis(int port, Path dir) {

    URI uri() {
      return URI.create("redis://127.0.0.1:" + port);
    }

    void start() throws Exception {
      Process process =
          new ProcessBuilder(
                  LocalServices.REDIS_SERVER.toString(),
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--dir",
                  dir.toString(),
                  "--daemonize",
                  "yes")
              .redirectErrorStream(true)
              .start();
      assertThat(process.waitFor()).isZero();
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptionsInstanceOf(JedisException.class)
          .until(() -> ping());
    }

    /** Shuts the server down after writing its data, which its next start reads back. */
    void stopSavingItsData() {
      shutdown(ShutdownParams.shutdownParams().save());
    }

    void stop() {
      shutdown(ShutdownParams.shutdownParams().nosave());
    }

    private void shutdown(ShutdownParams how) {
      try (Jedis redis = new Jedis(uri())) {
        redis.shutdown(how);
      } catch (JedisException e) {
        // The server closes the connection instead of answering, or is down already.
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                try {
                  return !ping();
                } catch (JedisException e) {
                  return true;
                }
              });
    }

    private boolean ping() {
      try (RedisClient redis = RedisClient.create(uri())) {
        return "PONG".equals(redis.ping());
      }
    }
  }
}
