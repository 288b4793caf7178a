package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.cache.CacheKey;
import ai.maily.mesh.core.cache.CacheSettings;
import ai.maily.mesh.core.cache.NodeCache;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The node's cache on both backends, and through a Redis outage: the API and readiness show it. */
class CacheIT {

  private static final Duration TTL = Duration.ofMinutes(5);

  private final String tenant = "cache-it-" + UUID.randomUUID();

  @Test
  void anEmbeddedNodeCachesInItsMemoryAndShowsItToAdmins() {
    try (TestNode node = TestNode.start()) {
      Cache cache = NodeCache.get(node.node().system()).cache();
      CacheKey key = CacheKey.ofText("embeddings", tenant, "hello");
      cache.putText(key, "[0.1]", TTL);
      assertThat(cache.getText(key)).contains("[0.1]");

      JsonNode status = TestNode.json(node.get("/cache", node.token(tenant, Role.ADMIN)));
      assertThat(status.path("backend").asText()).isEqualTo("local");
      assertThat(status.path("degraded").asBoolean()).isFalse();
      assertThat(status.path("counters").path("hits").asLong()).isEqualTo(1);
      assertThat(status.path("counters").path("puts").asLong()).isEqualTo(1);

      HttpResponse<String> forbidden = node.get("/cache", node.token(tenant, Role.EDITOR));
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");

      JsonNode ready = awaitReady(node);
      assertThat(ready.path("details").path("cache").path("backend").asText()).isEqualTo("local");
      // Every module's detail, registered through ReadinessDetails: the node has no model.
      assertThat(ready.path("details").path("bus").path("backend").isTextual()).isTrue();
      assertThat(ready.path("details").path("llm").path("configured").asBoolean()).isFalse();
      assertThat(status.path("namespaces").path("embeddings").path("puts").asLong()).isEqualTo(1);
      HttpResponse<String> plain =
          node.send(HttpRequest.newBuilder(node.management("/health/ready")).build());
      assertThat(plain.body()).isEqualTo("OK");
    }
  }

  @Test
  void aNodeWithARedisUriSharesItsEntriesThroughRedis() {
    LocalServices.requireRedis();
    try (TestNode node =
            TestNode.start(
                ConfigFactory.parseMap(
                    Map.of("mesh.cache.redis-uri", LocalServices.REDIS_URI.toString())));
        Cache otherNode =
            Cache.open(
                CacheSettings.fromConfig(
                        node.node().system().settings().config().getConfig("mesh.cache"))
                    .withRedisUri(LocalServices.REDIS_URI))) {
      CacheKey key = CacheKey.ofText("embeddings", tenant, "hello");
      NodeCache.get(node.node().system()).cache().putText(key, "[0.2]", TTL);
      assertThat(otherNode.getText(key)).contains("[0.2]");

      JsonNode status = TestNode.json(node.get("/cache", node.token(tenant, Role.ADMIN)));
      assertThat(status.path("backend").asText()).isEqualTo("redis");
      assertThat(status.path("breaker").path("state").asText()).isEqualTo("CLOSED");
      assertThat(awaitReady(node).path("details").path("cache").path("degraded").asBoolean())
          .isFalse();
    }
  }

  @Test
  void aNodeOnRedisAnswersARepeatedCheckFromTheAgentResultsThere() {
    LocalServices.requireRedis();
    try (TestNode node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of("mesh.cache.redis-uri", LocalServices.REDIS_URI.toString())))) {
      String token = node.token(tenant, Role.ADMIN);
      String check = "{\"playbook\": \"email-check\", \"input\": " + CampaignDraftIT.INPUT + "}";

      JsonNode first = completed(node, token, check);
      JsonNode second = completed(node, token, check);

      JsonNode status = TestNode.json(node.get("/cache", token));
      assertThat(status.path("backend").asText()).isEqualTo("redis");
      assertThat(status.path("counters").path("fallbacks").asLong()).isZero();
      JsonNode results = status.path("namespaces").path("agent-results.input-only");
      assertThat(results.path("misses").asLong()).isEqualTo(1);
      assertThat(results.path("puts").asLong()).isEqualTo(1);
      assertThat(results.path("hits").asLong()).isEqualTo(1);
      assertThat(step(second, "compliance")).isEqualTo(step(first, "compliance"));
    }
  }

  private static JsonNode completed(TestNode node, String token, String body) {
    String taskId = TestNode.json(node.post("/tasks", token, body)).path("taskId").asText();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> TestNode.json(node.get("/tasks/" + taskId, token)),
            task -> task.path("status").asText().equals("COMPLETED"));
  }

  private static JsonNode step(JsonNode task, String stepId) {
    for (JsonNode step : task.path("steps")) {
      if (step.path("id").asText().equals(stepId)) {
        return step.path("output");
      }
    }
    throw new AssertionError("no step " + stepId + " in " + task);
  }

  @Test
  void aNodeWhoseRedisIsDownStaysReadyAndServesFromItsMemory() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TestNode node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of("mesh.cache.redis-uri", "redis://127.0.0.1:" + closedPort)))) {
      Cache cache = NodeCache.get(node.node().system()).cache();
      CacheKey key = CacheKey.ofText("embeddings", tenant, "hello");
      assertThat(cache.get(key)).isEmpty();
      cache.putText(key, "[0.3]", TTL);
      cache.putText(key, "[0.4]", TTL);
      assertThat(cache.getText(key)).contains("[0.4]");

      JsonNode details = awaitReady(node).path("details").path("cache");
      assertThat(details.path("backend").asText()).isEqualTo("redis");
      assertThat(details.path("degraded").asBoolean()).isTrue();
      assertThat(details.path("breaker").path("state").asText()).isEqualTo("OPEN");
      JsonNode status = TestNode.json(node.get("/cache", node.token(tenant, Role.ADMIN)));
      assertThat(status.path("counters").path("errors").asLong()).isEqualTo(3);
      assertThat(status.path("counters").path("fallbacks").asLong()).isEqualTo(4);
      assertThat(status.path("counters").path("hits").asLong()).isEqualTo(1);
    }
  }

  /** {@code /health/ready}'s JSON once the node is ready. */
  private static JsonNode awaitReady(TestNode node) {
    HttpRequest request =
        HttpRequest.newBuilder(node.management("/health/ready"))
            .header("Accept", "application/json")
            .build();
    HttpResponse<String> ready =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> node.send(request), response -> response.statusCode() == 200);
    assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = TestNode.json(ready);
    assertThat(body.path("status").asText()).isEqualTo("OK");
    return body;
  }
}
