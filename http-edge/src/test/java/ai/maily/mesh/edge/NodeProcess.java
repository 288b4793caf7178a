package ai.maily.mesh.edge;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged node ({@code target/maily-mesh.jar}, built in {@code package}, before the ITs run)
 * started as a process of its own on free ports, as {@code java -jar} starts it.
 */
final class NodeProcess implements AutoCloseable {

  static final Path JAR = Path.of("target", "maily-mesh.jar");

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final int httpPort;

  private NodeProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /**
   * Starts a node on {@code dataDir}, its output appended to {@code dataDir/node.log}, and returns
   * once its management endpoint reports it ready.
   */
  static NodeProcess start(Path dataDir) throws IOException {
    int httpPort = freePort();
    int managementPort = freePort();
    ProcessBuilder builder =
        new ProcessBuilder(java(), "-jar", JAR.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("node.log").toFile()));
    builder
        .environment()
        .putAll(
            Map.of(
                "MESH_DATA_DIR", dataDir.toString(),
                "MESH_HTTP_PORT", String.valueOf(httpPort),
                "MESH_GRPC_PORT", String.valueOf(freePort()),
                "MESH_MANAGEMENT_PORT", String.valueOf(managementPort),
                "MESH_REMOTE_PORT", String.valueOf(freePort())));
    Process process = builder.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
            .build();
    await()
        .atMost(READY_TIMEOUT)
        .failFast("the node exited; see " + dataDir.resolve("node.log"), () -> !process.isAlive())
        .ignoreExceptions()
        .until(() -> TestNode.send(http, ready).statusCode() == 200);
    return new NodeProcess(process, httpPort);
  }

  /** The {@code java} of the JVM running the tests, so the node runs on the same JDK. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  int httpPort() {
    return httpPort;
  }

  /** The REST API's {@code path}, e.g. {@code /tasks}. */
  URI api(String path) {
    return URI.create("http://127.0.0.1:" + httpPort + "/api/v1" + path);
  }

  /** Kills the process with SIGKILL and returns its exit code once it is gone. */
  int kill() throws InterruptedException {
    process.destroyForcibly();
    return process.waitFor();
  }

  /**
   * Stops the process with SIGTERM, letting the node shut down, and waits until it is gone; kills
   * it if it takes longer than {@link #STOP_TIMEOUT}.
   */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
