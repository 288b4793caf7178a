package ai.maily.mesh.node;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A mesh node started in-process on free ports and a fresh data directory, with a JSON client. */
public final class TestNode implements AutoCloseable {

  private final MeshNode node;
  private final HttpClient http = HttpClient.newHttpClient();
  final Path dataDir;

  private TestNode(MeshNode node, Path dataDir) {
    this.node = node;
    this.dataDir = dataDir;
  }

  /** A node on embedded defaults. */
  public static TestNode start() {
    return start(ConfigFactory.empty());
  }

  /** A node with {@code overrides} on top of test defaults. */
  public static TestNode start(Config overrides) {
    return start(overrides, newDataDir());
  }

  /** A node on {@code dataDir}, which other nodes in the same JVM may share. */
  public static TestNode start(Config overrides, Path dataDir) {
    return new TestNode(MeshNode.start(testConfig(overrides, dataDir)), dataDir);
  }

  /** A node hosting the agents on the class path and {@code extra}. */
  public static TestNode startWith(Config overrides, Agent... extra) {
    Path dataDir = newDataDir();
    Config config = testConfig(overrides, dataDir);
    List<Agent> agents = new ArrayList<>(AgentRegistry.load(NodeConfig.load(config)).all());
    agents.addAll(List.of(extra));
    return new TestNode(MeshNode.start(config, AgentRegistry.of(agents)), dataDir);
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("mesh-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Config testConfig(Config overrides, Path dataDir) {
    return overrides.withFallback(
        ConfigFactory.parseMap(
            Map.of(
                "mesh.data-dir", dataDir.toString(),
                "mesh.http.port", 0,
                "mesh.grpc.port", 0,
                "pekko.management.http.port", 0,
                "pekko.remote.artery.canonical.port", 0,
                "pekko.coordinated-shutdown.exit-jvm", "off")));
  }

  public MeshNode node() {
    return node;
  }

  public String devToken() {
    return node.devToken().orElseThrow();
  }

  /** A token signed with the node's dev secret. */
  public String token(String tenant, Role... roles) {
    return token(tenant, Duration.ofMinutes(30), roles);
  }

  /** A token signed with the node's dev secret that expires after {@code ttl}. */
  public String token(String tenant, Duration ttl, Role... roles) {
    return DevCredentials.loadOrCreate(dataDir).mint("user-" + tenant, tenant, Set.of(roles), ttl);
  }

  /** The URI of a WebSocket path, e.g. {@code /ws/tasks/t1}. */
  public URI socket(String path) {
    return URI.create("ws://127.0.0.1:" + node.httpPort() + path);
  }

  public URI api(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1" + path);
  }

  public URI management(String path) {
    return URI.create("http://127.0.0.1:" + node.managementPort() + path);
  }

  /** Sends a request and returns the response with its body as text. */
  public HttpResponse<String> send(HttpRequest request) {
    return send(http, request);
  }

  /** Sends a request with {@code client}; failures to connect are unchecked. */
  static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String path, String token) {
    return send(
        HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token).build());
  }

  public HttpResponse<String> post(String path, String token, Object body) {
    return send(
        HttpRequest.newBuilder(api(path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    body instanceof String s ? s : Json.MAPPER.valueToTree(body).toString()))
            .build());
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  @Override
  public void close() {
    node.close();
  }
}
