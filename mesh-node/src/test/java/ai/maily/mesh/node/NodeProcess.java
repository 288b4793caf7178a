package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A mesh node in a process of its own, started from the shaded jar on free ports, that a test can
 * kill with SIGKILL or stop with SIGTERM. Its output is appended to {@code node.log} in its data
 * directory.
 */
final class NodeProcess implements AutoCloseable {

  /** The packaged node, built in {@code package}, before the ITs run. */
  static final Path JAR = Path.of("target", "maily-mesh.jar");

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int START_ATTEMPTS = 3;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path dataDir;
  private final int httpPort;
  private final URI managementUri;
  private final HttpClient http = HttpClient.newHttpClient();

  private NodeProcess(Process process, Path dataDir, int httpPort, URI managementUri) {
    this.process = process;
    this.dataDir = dataDir;
    this.httpPort = httpPort;
    this.managementUri = managementUri;
  }

  /** Starts a node on embedded defaults on {@code dataDir}; see {@link #start(Path, Map)}. */
  static NodeProcess start(Path dataDir) throws IOException {
    return start(dataDir, Map.of());
  }

  /**
   * Starts a node on {@code dataDir} with {@code environment} on top of its ports, and returns once
   * it is ready; fails with the end of its log if it exits or is not ready in time. A node that
   * could not bind one of its ports is started again on fresh ones, up to {@value #START_ATTEMPTS}
   * times.
   */
  static NodeProcess start(Path dataDir, Map<String, String> environment) throws IOException {
    for (int attempt = 1; ; attempt++) {
      long logged = Files.exists(log(dataDir)) ? Files.size(log(dataDir)) : 0;
      NodeProcess node = launch(dataDir, environment);
      try {
        node.awaitReady(node.managementUri);
        return node;
      } catch (AssertionError notReady) {
        if (attempt == START_ATTEMPTS || !node.lostPortSince(logged)) {
          throw notReady;
        }
      }
    }
  }

  /**
   * Whether the node printed, after {@code offset} bytes of its log, that one of its ports was
   * taken: the ports are free when picked, but another process on the machine may bind one before
   * the node does, and then a start on fresh ports is the answer.
   */
  private boolean lostPortSince(long offset) throws IOException {
    byte[] log = Files.readAllBytes(log(dataDir));
    return new String(log, (int) offset, log.length - (int) offset, StandardCharsets.UTF_8)
        .contains("Address already in use");
  }

  /**
   * Starts a node as {@link #start(Path, Map)} does, and returns at once, before it is ready: for a
   * test that must catch the node while it starts.
   */
  static NodeProcess launch(Path dataDir, Map<String, String> environment) throws IOException {
    int[] ports = freePorts(4);
    int httpPort = ports[0];
    int managementPort = ports[1];
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(dataDir).toFile()));
    Map<String, String> env = new HashMap<>(environment);
    env.put("MESH_DATA_DIR", dataDir.toString());
    env.put("MESH_HTTP_PORT", String.valueOf(httpPort));
    env.put("MESH_GRPC_PORT", String.valueOf(ports[2]));
    env.put("MESH_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("MESH_REMOTE_PORT", String.valueOf(ports[3]));
    builder.environment().putAll(env);
    return new NodeProcess(
        builder.start(),
        dataDir,
        httpPort,
        URI.create("http://127.0.0.1:" + managementPort + "/health/ready"));
  }

  private void awaitReady(URI ready) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build();
    while (process.isAlive() && Instant.now().isBefore(deadline)) {
      try {
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet: the wait below paces the next try.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      waitForExit(Duration.ofMillis(200));
    }
    process.destroyForcibly();
    throw new AssertionError(
        "the node on "
            + dataDir
            + (process.isAlive() ? " was not ready within " + START_TIMEOUT : " exited")
            + "; the end of its log:\n"
            + logTail(40));
  }

  /** Waits up to {@code timeout} for the process to end (the pause between readiness polls). */
  private void waitForExit(Duration timeout) {
    try {
      process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The {@code java} of the JVM running the tests, so that the node runs on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * {@code count} distinct free ports: held open together while they are picked, since a port
   * closed after one pick may be handed out again by the next (a node once got its HTTP port as its
   * remoting port, and could not bind).
   */
  static int[] freePorts(int count) throws IOException {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          socket.close();
        }
      }
    }
  }

  private static Path log(Path dataDir) {
    return dataDir.resolve("node.log");
  }

  /** The last {@code lines} lines the node printed, over all its starts. */
  String logTail(int lines) throws IOException {
    List<String> all = Files.readAllLines(log(dataDir), StandardCharsets.UTF_8);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** Kills the process with SIGKILL and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor()).isEqualTo(137);
  }

  /** Stops the process with SIGTERM (the node's coordinated shutdown) and waits for it to end. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the node did not stop within " + STOP_TIMEOUT + " of SIGTERM");
    }
  }

  /** An admin token of tenant {@code dev}, signed with the node's dev secret. */
  String adminToken() {
    return DevCredentials.loadOrCreate(dataDir)
        .mint("ops", "dev", Set.of(Role.ADMIN), Duration.ofMinutes(30));
  }

  int httpPort() {
    return httpPort;
  }

  /** The REST API's {@code path}, e.g. {@code /tasks}. */
  URI api(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path);
  }

  HttpResponse<String> get(String path, String token) {
    return TestNode.send(
        http, HttpRequest.newBuilder(api(path)).header("Authorization", "Bearer " + token).build());
  }

  HttpResponse<String> post(String path, String token, String body) {
    return TestNode.send(http, postRequest(path, token, body));
  }

  HttpRequest postRequest(String path, String token, String body) {
    return HttpRequest.newBuilder(api(path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
