package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store finds unfinished tasks in a journal of the plugin's shape: after the lowest mark, tasks
 * without their end event; before it, only the listed ones. Runs on H2 here, and on PostgreSQL
 * through a subclass in the edge's integration tests.
 */
public class OpenTaskStoreTest {

  private static final String FINISHED = TestJournal.FINISHED;

  private TestJournal journal;
  private OpenTaskStore store;

  /** A new, empty database: its URL (user and password as {@link #user} and {@link #password}). */
  protected String newDatabase() throws SQLException {
    return TestJournal.newH2();
  }

  protected String user() {
    return "sa";
  }

  protected String password() {
    return "";
  }

  /** Removes what {@link #newDatabase} made, once the test's connections are closed. */
  protected void dropDatabase() throws SQLException {}

  @BeforeEach
  void open() throws SQLException {
    journal = new TestJournal(newDatabase(), user(), password());
    store = journal.store();
  }

  @AfterEach
  void close() throws SQLException {
    journal.close();
    dropDatabase();
  }

  private long append(String persistenceId, String manifest) throws SQLException {
    return journal.append(persistenceId, manifest);
  }

  @Test
  void withoutAMarkTheWholeJournalIsScanned() throws SQLException {
    assertThat(store.journalEnd()).isZero();
    append("Task|acme:old", "submitted");
    append("Task|acme:done", "submitted");
    append("Agent|acme:echo:0", "completed");
    append("Task|acme:done", FINISHED);
    append("Task|acme:running", "submitted");

    assertThat(store.unfinished()).containsExactlyInAnyOrder("acme:old", "acme:running");
  }

  @Test
  void beforeTheMarkOnlyListedTasksAreFound() throws SQLException {
    append("Task|acme:listed", "submitted");
    long mark = append("Task|acme:unlisted", "submitted");
    append("Task|acme:young", "submitted");
    store.write("node-a", mark, 1_000, List.of("acme:listed"), List.of());

    assertThat(store.unfinished()).containsExactlyInAnyOrder("acme:listed", "acme:young");

    store.write("node-a", -1, 2_000, List.of(), List.of("acme:listed"));
    assertThat(store.unfinished()).containsExactly("acme:young");
  }

  @Test
  void aTaskWithEventsAfterTheMarkButNoEndIsFound() throws SQLException {
    long mark = append("Task|acme:long", "submitted");
    append("Task|acme:long", "step");
    store.write("node-a", mark, 1_000, List.of(), List.of());

    assertThat(store.unfinished()).containsExactly("acme:long");
  }

  @Test
  void theLowestMarkOfAllNodesCounts() throws SQLException {
    long low = append("Task|acme:first", "submitted");
    long high = append("Task|acme:second", "submitted");
    append("Task|acme:third", "submitted");
    store.write("node-a", high, 1_000, List.of(), List.of());
    assertThat(store.unfinished()).containsExactly("acme:third");

    store.write("node-b", low, 1_000, List.of(), List.of());
    assertThat(store.unfinished()).containsExactlyInAnyOrder("acme:second", "acme:third");
  }

  @Test
  void marksOfNodesSilentSinceAScanAreDropped() throws SQLException {
    long low = append("Task|acme:first", "submitted");
    long high = append("Task|acme:second", "submitted");
    store.write("stopped", low, 1_000, List.of(), List.of());
    store.write("running", high, 5_000, List.of(), List.of());
    assertThat(store.unfinished()).containsExactly("acme:second");

    store.forgetNodesSilentSince(2_000);
    assertThat(store.unfinished()).isEmpty();
  }

  @Test
  void aTaskListedAgainStaysListedAndTheLatestMarkHolds() throws SQLException {
    long first = append("Task|acme:a", "submitted");
    long second = append("Task|acme:b", "submitted");
    store.write("node-a", second, 1_000, List.of("acme:a"), List.of());
    store.write("node-a", first, 2_000, List.of("acme:a"), List.of());

    assertThat(store.unfinished()).containsExactlyInAnyOrder("acme:a", "acme:b");
  }
}
