package ai.maily.mesh.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedJournalDatabaseTest {

  @TempDir Path dataDir;

  private Database database() {
    return Database.at(
        "jdbc:h2:file:" + dataDir.resolve("mesh") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
  }

  @Test
  void closingOneNodesDatabaseLeavesItOpenForAnotherNodeOfTheJvmThatSharesIt() throws Exception {
    EmbeddedJournalDatabase first = EmbeddedJournalDatabase.open(database(), Duration.ZERO);
    EmbeddedJournalDatabase second = EmbeddedJournalDatabase.open(database(), Duration.ZERO);
    try (Connection firstNodesPool = connect()) {
      second.close();

      assertThat(journalRows(firstNodesPool)).isZero();
    } finally {
      first.close();
    }
  }

  @Test
  void theLastCloseClosesTheDatabaseSoItsFileOpensAgain() throws Exception {
    EmbeddedJournalDatabase.open(database(), Duration.ZERO).close();

    EmbeddedJournalDatabase again = EmbeddedJournalDatabase.open(database(), Duration.ZERO);
    try (Connection connection = connect()) {
      assertThat(journalRows(connection)).isZero();
    } finally {
      again.close();
    }
  }

  private Connection connect() throws SQLException {
    Database database = database();
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  private static long journalRows(Connection connection) throws SQLException {
    try (ResultSet rows =
        connection.createStatement().executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
