package ai.maily.mesh.canvas.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.LocalServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The web UI's pure modules (the canvas model, the conflict rebase, the live client, the task
 * tracker) pass their unit tests in {@code src/test/js}, run by Node's own test runner so that the
 * build needs no npm package.
 */
class WebModulesTest {

  private static final Path TESTS = Path.of("src/test/js");

  @Test
  void passTheirNodeTests() throws IOException, InterruptedException {
    Path node = LocalServices.requireNode();
    List<String> command = new ArrayList<>(List.of(node.toString(), "--test"));
    try (Stream<Path> files = Files.list(TESTS)) {
      files
          .filter(file -> file.toString().endsWith(".test.js"))
          .sorted()
          .forEach(file -> command.add(file.toString()));
    }
    assertThat(command).hasSizeGreaterThan(2);

    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("node --test finished").isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("# fail 0");
  }
}
