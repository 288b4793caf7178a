package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.jdbc.Database;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The listing pages through one tenant's tasks, newest id first, and through no other tenant's,
 * whatever their names share with it. Runs on H2 here, and on PostgreSQL through a subclass in the
 * node's integration tests.
 */
public class TaskListingTest {

  private TestJournal journal;
  private TaskListing listing;

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
    String url = newDatabase();
    journal = new TestJournal(url, user(), password());
    listing = TaskListing.open(Database.at(url, user(), password()), TestJournal.PREFIX);
  }

  @AfterEach
  void close() throws SQLException {
    listing.close();
    journal.close();
    dropDatabase();
  }

  /** Writes {@code rows} journal rows of {@code tenant}'s task {@code taskId}. */
  private void task(String tenant, String taskId, int rows) throws SQLException {
    for (int sequenceNr = 1; sequenceNr <= rows; sequenceNr++) {
      journal.append(TestJournal.PREFIX + tenant + ":" + taskId, sequenceNr, "event");
    }
  }

  @Test
  void pagesThroughATenantsTasksNewestIdFirst() throws SQLException {
    task("acme", "0190-a", 3);
    task("acme", "0190-c", 1);
    task("acme", "0190-b", 4);
    journal.append("Agent|acme:echo:0", 1, "completed");

    assertThat(listing.page("acme", Optional.empty(), 2)).containsExactly("0190-c", "0190-b");
    assertThat(listing.page("acme", Optional.of("0190-b"), 2)).containsExactly("0190-a");
    assertThat(listing.page("acme", Optional.of("0190-a"), 2)).isEmpty();
  }

  @Test
  void listsNoTaskOfATenantWhoseNameSharesAPrefix() throws SQLException {
    task("acme", "0190-a", 2);
    task("acme-x", "0190-b", 2);
    task("acme_y", "0190-c", 2);
    task("acm", "0190-d", 2);
    task("ACME", "0190-e", 2);

    assertThat(listing.page("acme", Optional.empty(), 10)).containsExactly("0190-a");
    assertThat(listing.page("acme_y", Optional.empty(), 10)).containsExactly("0190-c");
    assertThat(listing.page("nobody", Optional.empty(), 10)).isEmpty();
  }
}
