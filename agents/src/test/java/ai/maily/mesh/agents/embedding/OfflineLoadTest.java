package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the model in a fresh JVM whose HTTP and HTTPS traffic goes through a proxy that the test
 * holds, with empty DJL caches: nothing may connect to it, so no engine, native library or model
 * was fetched, and everything came from the jars.
 */
class OfflineLoadTest {

  @TempDir Path scratch;

  @Test
  void loadsAndEmbedsWithoutTouchingTheNetwork() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread counter = new Thread(() -> countConnections(proxy, connections), "proxy-counter");
      counter.setDaemon(true);
      counter.start();
      Path cache = Files.createDirectories(scratch.resolve("djl-cache"));
      Path tmp = Files.createDirectories(scratch.resolve("tmp"));
      Path output = scratch.resolve("output.txt");
      String port = Integer.toString(proxy.getLocalPort());

      Process child =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Dhttp.proxyHost=127.0.0.1",
                      "-Dhttp.proxyPort=" + port,
                      "-Dhttps.proxyHost=127.0.0.1",
                      "-Dhttps.proxyPort=" + port,
                      "-Dhttp.nonProxyHosts=",
                      "-DDJL_CACHE_DIR=" + cache,
                      "-DENGINE_CACHE_DIR=" + cache,
                      "-Djava.io.tmpdir=" + tmp,
                      "-cp",
                      System.getProperty("java.class.path"),
                      EmbedOnce.class.getName()))
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();

      assertThat(child.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ends").isTrue();
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(child.exitValue()).as(printed).isZero();
      assertThat(printed).contains("dimensions=384");
      assertThat(connections.get()).as("connections to the proxy").isZero();
      assertThat(filesUnder(cache))
          .as("only the tokenizer's native library, unpacked from its jar")
          .allMatch(file -> file.getFileName().toString().equals("libtokenizers.so"));
    }
  }

  private static void countConnections(ServerSocket proxy, AtomicInteger connections) {
    while (!proxy.isClosed()) {
      try {
        Socket socket = proxy.accept();
        connections.incrementAndGet();
        socket.close();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static List<Path> filesUnder(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
