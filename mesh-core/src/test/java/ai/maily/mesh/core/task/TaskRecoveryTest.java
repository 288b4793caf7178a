package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's task recovery against a real store (H2): it lists only the tasks open for long, drops
 * them when they end, moves its mark behind the journal's end, and wakes what the store calls
 * unfinished.
 */
class TaskRecoveryTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ConfigFactory.parseString(
              """
              pekko.actor.provider = cluster
              pekko.remote.artery.canonical.port = 0
              pekko.loglevel = WARNING
              """));

  private static final TaskRecovery.Settings SETTINGS =
      new TaskRecovery.Settings(
          Duration.ofMillis(200),
          Duration.ofMillis(600),
          Duration.ofMillis(20),
          Duration.ofMinutes(10));

  private TestJournal journal;
  private ActorRef<TaskRecovery.Command> recovery;
  private final TestProbe<String> woken = testKit.createTestProbe();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void open() throws SQLException {
    journal = new TestJournal(TestJournal.newH2(), "sa", "");
  }

  @AfterEach
  void close() throws SQLException {
    if (recovery != null) {
      testKit.stop(recovery);
    }
    journal.close();
  }

  private ActorRef<TaskRecovery.Command> start() {
    recovery =
        testKit.spawn(
            TaskRecovery.create(
                journal.store(),
                SETTINGS,
                "node-a",
                woken.ref()::tell,
                testKit.system().dispatchers().lookup(DispatcherSelector.blocking())));
    return recovery;
  }

  private Set<String> listed() throws SQLException {
    Set<String> ids = new HashSet<>();
    try (Statement statement = journal.connection().createStatement();
        ResultSet rows = statement.executeQuery("SELECT entity_id FROM mesh_open_task")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }

  private long mark() throws SQLException {
    try (Statement statement = journal.connection().createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT coalesce(max(journal_ordering), -1) FROM mesh_task_scan_mark"
                    + " WHERE node = 'node-a'")) {
      row.next();
      return row.getLong(1);
    }
  }

  @Test
  void listsOnlyTasksOpenForRecordAfterAndDropsThemWhenTheyEnd() throws SQLException {
    ActorRef<TaskRecovery.Command> recovery = start();
    Instant now = Instant.now();
    recovery.tell(new TaskRecovery.Opened("acme:quick", now));
    recovery.tell(new TaskRecovery.Ended("acme:quick"));
    recovery.tell(new TaskRecovery.Opened("acme:slow", now));
    recovery.tell(new TaskRecovery.Opened("acme:old", now.minusSeconds(3600)));

    await().atMost(Duration.ofSeconds(5)).until(() -> listed().contains("acme:slow"));
    assertThat(listed()).containsExactlyInAnyOrder("acme:old", "acme:slow");

    recovery.tell(new TaskRecovery.Ended("acme:old"));
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().equals(Set.of("acme:slow")));
  }

  @Test
  void theMarkFollowsTheJournalsEndAtScanMarginBehind() throws SQLException {
    journal.append("Task|acme:a", "submitted");
    journal.append("Task|acme:a", TestJournal.FINISHED);
    start();

    await().atMost(Duration.ofSeconds(5)).until(() -> mark() == 2);
    journal.append("Task|acme:b", "submitted");
    await().atMost(Duration.ofSeconds(5)).until(() -> mark() == 3);
  }

  @Test
  void resumeAllWakesTheUnfinishedTasks() throws SQLException {
    journal.append("Task|acme:done", "submitted");
    journal.append("Task|acme:done", TestJournal.FINISHED);
    journal.append("Task|acme:running", "submitted");
    journal.append("Task|acme:parked", "submitted");
    start().tell(TaskRecovery.ResumeAll.INSTANCE);

    List<String> ids = new ArrayList<>(woken.receiveSeveralMessages(2));
    assertThat(ids).containsExactlyInAnyOrder("acme:running", "acme:parked");
    woken.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aTaskWhoseCoordinatorFailedIsWokenAfterABackoff() {
    start().tell(new TaskRecovery.Failed("acme:failing"));

    woken.expectNoMessage(Duration.ofMillis(300));
    woken.expectMessage(Duration.ofSeconds(3), "acme:failing");
  }

  @Test
  void aMovedTaskIsWokenAtOnceAndStaysListed() throws SQLException {
    ActorRef<TaskRecovery.Command> recovery = start();
    recovery.tell(new TaskRecovery.Opened("acme:moving", Instant.now().minusSeconds(3600)));
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().contains("acme:moving"));

    recovery.tell(new TaskRecovery.Moved("acme:moving"));
    woken.expectMessage("acme:moving");
    // Its new node lists it again; this one must not drop it meanwhile.
    recovery.tell(new TaskRecovery.Opened("acme:other", Instant.now().minusSeconds(3600)));
    await().atMost(Duration.ofSeconds(5)).until(() -> listed().contains("acme:other"));
    assertThat(listed()).contains("acme:moving");
  }

  @Test
  void closesItsStoreWhenItStops() {
    testKit.stop(start());

    assertThatThrownBy(() -> journal.store().journalEnd())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has been closed");
  }
}
