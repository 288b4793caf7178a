package ai.maily.mesh.node.journal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2FileSyncTest {

  @TempDir Path directory;

  private String url() {
    return "jdbc:h2:file:" + directory.resolve("journal");
  }

  private Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(url(), user, password);
  }

  @Test
  void syncsAtTheIntervalWhileTheDatabaseIsWritten() throws SQLException {
    try (Connection writer = DriverManager.getConnection(url() + ";WRITE_DELAY=0", "mesh", "");
        Statement statement = writer.createStatement();
        H2FileSync sync = H2FileSync.start(connect("mesh", ""), Duration.ofMillis(10))) {
      statement.execute("CREATE TABLE events (id INT PRIMARY KEY, payload VARCHAR)");
      for (int id = 0; id < 50; id++) {
        statement.execute("INSERT INTO events VALUES (" + id + ", 'event " + id + "')");
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> sync.completed() >= 3);
      assertEquals(0, sync.failed());
    }
  }

  @Test
  void aFailedSyncIsCountedAndTheNextOneIsTried() throws SQLException {
    try (Connection admin = DriverManager.getConnection(url(), "mesh", "");
        Statement statement = admin.createStatement()) {
      // CHECKPOINT SYNC needs an admin; a user without the right fails every sync.
      statement.execute("CREATE USER reader PASSWORD 'secret'");
      try (H2FileSync sync = H2FileSync.start(connect("reader", "secret"), Duration.ofMillis(10))) {
        SQLException refused = assertThrows(SQLException.class, sync::syncNow);
        assertTrue(refused.getMessage().toLowerCase().contains("admin"), refused.getMessage());

        await().atMost(Duration.ofSeconds(10)).until(() -> sync.failed() >= 2);
        assertEquals(0, sync.completed());
      }
    }
  }

  @Test
  void stopsOnceTheDatabaseHasClosed() throws SQLException {
    try (H2FileSync sync = H2FileSync.start(connect("mesh", ""), Duration.ofMillis(10))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> sync.completed() >= 1);
      try (Connection admin = DriverManager.getConnection(url(), "mesh", "");
          Statement statement = admin.createStatement()) {
        statement.execute("SHUTDOWN");
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> !sync.running());
      assertEquals(1, sync.failed());
    }
  }

  @Test
  void rejectsAnIntervalThatIsNotPositive() throws SQLException {
    try (Connection connection = connect("mesh", "")) {
      assertThrows(
          IllegalArgumentException.class, () -> H2FileSync.start(connection, Duration.ZERO));
    }
  }
}
