package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.LocalServices;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kills the node's process with SIGKILL in the middle of its work, starts a new process on the same
 * journal, and sees every acknowledged task finish with each step's work done exactly once.
 *
 * <p>The load tests repeat a kill {@code mesh.crash.kills} times (3 unless set; {@code
 * bench/crash-soak.sh} runs more), alternately on a fresh journal and on the one the last kill left
 * behind: a crash that corrupts the journal only now and then must be met by repetition.
 */
class CrashRecoveryIT {

  private static final int KILLS = Integer.getInteger("mesh.crash.kills", 3);
  private static final int KEYS_PER_KILL = 2000;
  private static final int IN_FLIGHT = 32;

  @Test
  void aTaskParkedAtAnApprovalSurvivesKillMinus9AndEachStepRunsOnce() throws Exception {
    Path dataDir = Files.createTempDirectory("mesh-crash");
    String plan =
        """
        "plan": {"steps": [
          {"id": "check", "agent": "compliance"},
          {"id": "approve", "kind": "approval", "dependsOn": ["check"]},
          {"id": "personalize", "agent": "personalizer", "dependsOn": ["approve"]}]}""";
    String taskId;
    try (NodeProcess node = NodeProcess.start(dataDir)) {
      var submitted = node.post("/tasks", node.adminToken(), RestApiIT.submitBody(plan, ""));
      assertThat(submitted.statusCode()).isEqualTo(202);
      taskId = TestNode.json(submitted).path("taskId").asText();
      awaitStatus(node, taskId, "AWAITING_APPROVAL");
      node.kill();
    }

    try (NodeProcess node = NodeProcess.start(dataDir)) {
      String token = node.adminToken();
      JsonNode parked = TestNode.json(node.get("/tasks/" + taskId, token));
      assertThat(parked.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
      var approved =
          node.post(
              "/tasks/" + taskId + "/approvals/approve", token, "{\"decision\": \"approve\"}");
      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
      JsonNode done = awaitStatus(node, taskId, "COMPLETED");
      for (JsonNode step : done.path("steps")) {
        assertThat(step.path("attempts").asInt()).as(step.toString()).isEqualTo(1);
      }
      assertThat(processed(node, "compliance")).isEqualTo(1);
      assertThat(processed(node, "personalizer")).isEqualTo(1);
    }
  }

  @Test
  void acknowledgedTasksSurviveKillMinus9UnderLoadOnH2() throws Exception {
    killUnderLoadRepeatedly("embedded H2", EmbeddedJournal::new);
  }

  @Test
  void acknowledgedTasksSurviveKillMinus9UnderLoadOnPostgres() throws Exception {
    LocalServices.requirePostgres();
    killUnderLoadRepeatedly("PostgreSQL", PostgresJournal::new);
  }

  /** A fresh journal for the node, and the data directory for its other state. */
  private interface Journal extends AutoCloseable {

    Path dataDir();

    Map<String, String> environment();

    /** Removes the journal and the data directory. */
    @Override
    void close() throws IOException, SQLException;

    /** Removes the data directory with everything in it. */
    default void deleteDataDir() throws IOException {
      try (Stream<Path> files = Files.walk(dataDir())) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  /** The embedded H2 journal in a new data directory. */
  private record EmbeddedJournal(Path dataDir) implements Journal {

    EmbeddedJournal() throws IOException {
      this(Files.createTempDirectory("mesh-crash"));
    }

    @Override
    public Map<String, String> environment() {
      return Map.of();
    }

    @Override
    public void close() throws IOException {
      deleteDataDir();
    }
  }

  /** A PostgreSQL database of its own, dropped afterwards. */
  private record PostgresJournal(Path dataDir, String database) implements Journal {

    PostgresJournal() throws IOException, SQLException {
      this(
          Files.createTempDirectory("mesh-crash"),
          "mesh_crash_" + UUID.randomUUID().toString().replace("-", ""));
      try (Connection connection = LocalServices.postgres();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + database);
      }
    }

    @Override
    public Map<String, String> environment() {
      return Map.of(
          "MESH_DB_URL",
          LocalServices.postgresUrl(database),
          "MESH_DB_USER",
          LocalServices.POSTGRES_USER);
    }

    @Override
    public void close() throws IOException, SQLException {
      try (Connection connection = LocalServices.postgres();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
      }
      deleteDataDir();
    }
  }

  /** Opens a new journal. */
  @FunctionalInterface
  private interface JournalFactory {
    Journal open() throws Exception;
  }

  /**
   * Kills a loaded node {@link #KILLS} times, on a fresh journal every other time. A journal is
   * removed once its kills passed, and left behind for a look when one fails.
   */
  private static void killUnderLoadRepeatedly(String database, JournalFactory journals)
      throws Exception {
    long seed = Long.getLong("mesh.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.printf("kill under load on %s: %d kills, seed %d%n", database, KILLS, seed);
    Journal journal = null;
    int tasksInJournal = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      boolean fresh = kill % 2 == 0;
      if (fresh) {
        if (journal != null) {
          journal.close();
        }
        journal = journals.open();
        tasksInJournal = 0;
      }
      tasksInJournal += killUnderLoad(journal, kill, fresh, random, tasksInJournal);
    }
    if (journal != null) {
      journal.close();
    }
  }

  /**
   * One kill: loads a node, kills it after a random number of acknowledged submissions, starts it
   * again, submits every key sent again (which creates the tasks that had not been written), and
   * checks that every task completes with each step's work done once; then stops the node cleanly.
   * Returns how many tasks the journal gained.
   */
  private static int killUnderLoad(
      Journal journal, int kill, boolean fresh, Random random, int tasksBefore) throws Exception {
    List<String> keys =
        IntStream.range(0, KEYS_PER_KILL).mapToObj(i -> "kill" + kill + "-" + i).toList();
    int target = 100 + random.nextInt(1200);
    Map<String, Submissions.Answer> acknowledged;
    List<String> sent;
    PhaseTimes times = new PhaseTimes();
    try (NodeProcess node = NodeProcess.start(journal.dataDir(), journal.environment())) {
      times.end("start");
      try (Submissions load = Submissions.start(node, node.adminToken(), keys, IN_FLIGHT)) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> load.acknowledged().size() >= target || load.done());
        node.kill();
        times.end("load");
        acknowledged = load.acknowledged();
        sent = keys.stream().filter(load.sent()::contains).toList();
      }
    }

    try (NodeProcess node = NodeProcess.start(journal.dataDir(), journal.environment())) {
      times.end("restart");
      String token = node.adminToken();
      Map<String, Submissions.Answer> again;
      int retried;
      try (Submissions resubmitted = Submissions.start(node, token, sent, IN_FLIGHT)) {
        await().atMost(Duration.ofSeconds(120)).until(resubmitted::done);
        again = resubmitted.answers();
        retried = resubmitted.retried();
      }
      times.end("resubmit");
      assertThat(again).hasSize(sent.size());
      assertThat(again.values())
          .allSatisfy(a -> assertThat(a.status()).isEqualTo(a.created() ? 202 : 200));
      acknowledged.forEach(
          (key, first) ->
              assertThat(again.get(key))
                  .as("key %s was acknowledged as task %s", key, first.taskId())
                  .isEqualTo(new Submissions.Answer(200, first.taskId(), false)));

      int tasks = tasksBefore + sent.size();
      await()
          .atMost(Duration.ofSeconds(180))
          .until(
              () ->
                  processed(node, "compliance") >= tasks
                      && processed(node, "personalizer") >= tasks);
      Set<String> unfinished = new HashSet<>();
      again.values().forEach(answer -> unfinished.add(answer.taskId()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                unfinished.removeIf(taskId -> status(node, token, taskId).equals("COMPLETED"));
                return unfinished.isEmpty();
              });
      assertThat(processed(node, "compliance")).isEqualTo(tasks);
      assertThat(processed(node, "personalizer")).isEqualTo(tasks);
      times.end("complete");
      node.stop();
      times.end("stop");
      Path file = journal.dataDir().resolve("mesh.mv.db");
      System.out.printf(
          "kill %d (%s journal): killed after %d acknowledged of %d sent; restarted (%d"
              + " submissions answered 503 and sent again), %d tasks in the journal completed,"
              + " each step once (%s)%s%n",
          kill,
          fresh ? "fresh" : "used",
          acknowledged.size(),
          sent.size(),
          retried,
          tasks,
          times,
          Files.exists(file) ? String.format("; H2 file %.1f MB", Files.size(file) / 1e6) : "");
    }
    assertThat(journal.dataDir().resolve("mesh.trace.db"))
        .as("H2 logs no error, neither at the kill nor at the clean stop")
        .doesNotExist();
    return sent.size();
  }

  /** How long each phase of a kill took, for the soak's output. */
  private static final class PhaseTimes {
    private final StringJoiner phases = new StringJoiner(", ");
    private long start = System.nanoTime();

    void end(String phase) {
      long now = System.nanoTime();
      phases.add(String.format("%s %.1f s", phase, (now - start) / 1e9));
      start = now;
    }

    @Override
    public String toString() {
      return phases.toString();
    }
  }

  private static String status(NodeProcess node, String token, String taskId) {
    return TestNode.json(node.get("/tasks/" + taskId, token)).path("status").asText();
  }

  private static JsonNode awaitStatus(NodeProcess node, String taskId, String status) {
    String token = node.adminToken();
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> TestNode.json(node.get("/tasks/" + taskId, token)),
            task -> task.path("status").asText().equals(status));
  }

  /** Work items the node's entities of {@code agent} have finished, from their journal. */
  private static long processed(NodeProcess node, String agent) {
    return TestNode.json(node.get("/agents/" + agent, node.adminToken()))
        .path("processed")
        .asLong();
  }
}
