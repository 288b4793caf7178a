package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's walk-through as written, with bash and curl, against the packaged node started
 * from a folder laid out like the checkout, and checks each step's documented outcome ({@code # →
 * …}), so that a newcomer can follow it to the end.
 *
 * <p>The node runs on free ports and the steps' {@code localhost:8080} is rewritten to its port:
 * the machines that build this are shared, and a test that needs port 8080 free would fail, or
 * skip, whenever another node or test holds it.
 */
class ReadmeWalkthroughIT {

  private static final Path README = Path.of("..", "README.md");
  private static final String README_ADDRESS = "localhost:8080";

  /** How long a step that only reads may take to show what it documents, as a task runs. */
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path checkout;

  @Test
  void everyStepRunsAsWrittenAndShowsItsDocumentedOutcome() throws Exception {
    List<ReadmeWalkthrough.Step> steps =
        ReadmeWalkthrough.steps(Files.readString(README), "## Walk-through");
    assertThat(steps).filteredOn(ReadmeWalkthrough.Step::documented).hasSizeGreaterThan(5);
    assertThat(steps).anySatisfy(step -> assertThat(step.commands()).contains(README_ADDRESS));

    Path jar = checkout.resolve("mesh-node").resolve(NodeProcess.JAR);
    Files.createDirectories(jar.getParent());
    Files.createSymbolicLink(jar, NodeProcess.JAR.toAbsolutePath());
    // The node's data where the README's node keeps it: ./data of the folder the steps run in.
    Path dataDir = Files.createDirectories(checkout.resolve("data"));
    try (NodeProcess node = NodeProcess.start(dataDir)) {
      BashSession shell = new BashSession(checkout, userEnvironment(), Duration.ofSeconds(60));
      for (ReadmeWalkthrough.Step step : steps) {
        String commands = step.commands().replace(README_ADDRESS, "localhost:" + node.httpPort());
        if (step.documented() && step.onlyReads()) {
          await()
              .atMost(SETTLE_TIMEOUT)
              .untilAsserted(() -> assertOutcome(step, shell.run(commands)));
        } else {
          assertOutcome(step, shell.run(commands));
        }
      }
    }
  }

  /**
   * The environment of a new terminal: no {@code MESH_} settings of this build's, and the JDK
   * running the tests first on the path, as the README's {@code java} is meant to be JDK 17.
   */
  private static Map<String, String> userEnvironment() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().removeIf(name -> name.startsWith("MESH_"));
    String javaBin = Path.of(NodeProcess.java()).getParent().toString();
    environment.put("PATH", javaBin + File.pathSeparator + environment.getOrDefault("PATH", ""));
    return environment;
  }

  private static void assertOutcome(ReadmeWalkthrough.Step step, BashSession.Run run) {
    String where =
        "step:\n" + step.commands() + "\nstdout:\n" + run.stdout() + "\nstderr:\n" + run.stderr();
    assertThat(run.exit()).as(where).isZero();
    List<Integer> statuses = run.statuses();
    step.status()
        .ifPresentOrElse(
            status -> {
              assertThat(statuses).as(where).isNotEmpty();
              assertThat(statuses.get(statuses.size() - 1)).as(where).isEqualTo(status);
              assertThat(statuses.subList(0, statuses.size() - 1))
                  .as(where)
                  .allMatch(earlier -> earlier < 400);
            },
            () -> assertThat(statuses).as(where).allMatch(any -> any < 400));
    int from = 0;
    for (String piece : step.output()) {
      int at = run.stdout().indexOf(piece, from);
      assertThat(at).as("%s\nlacks, after position %d: %s", where, from, piece).isNotNegative();
      from = at + piece.length();
    }
  }
}
