package ai.maily.mesh.node.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2JournalSchemaTest {

  @TempDir Path directory;

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:" + directory.resolve("journal") + ";DATABASE_TO_UPPER=false", "mesh", "");
  }

  @Test
  void rowsAreKeyedByOrderingAndEachEntitysSequenceNumbersAreUnique() throws SQLException {
    try (Connection connection = connect()) {
      H2JournalSchema.apply(connection);

      assertEquals(List.of("ordering"), constraintColumns(connection, "PRIMARY KEY"));
      assertEquals(
          List.of("persistence_id", "sequence_number"), constraintColumns(connection, "UNIQUE"));
      assertEquals(10_000, identityCache(connection));
    }
  }

  @Test
  void anEventWhoseSequenceNumberIsTakenIsRefused() throws SQLException {
    try (Connection connection = connect()) {
      H2JournalSchema.apply(connection);
      insertEvent(connection, "Task|acme:1", 1);
      insertEvent(connection, "Task|acme:2", 1);

      SQLException refused =
          assertThrows(SQLException.class, () -> insertEvent(connection, "Task|acme:1", 1));
      assertEquals(ErrorCode.DUPLICATE_KEY_1, refused.getErrorCode());
      assertEquals(2, countEvents(connection));
    }
  }

  @Test
  void applyingItAgainKeepsWhatTheJournalHolds() throws SQLException {
    try (Connection connection = connect()) {
      H2JournalSchema.apply(connection);
      insertEvent(connection, "Task|acme:1", 1);

      H2JournalSchema.apply(connection);

      assertEquals(1, countEvents(connection));
    }
  }

  @Test
  void aJournalCreatedWithThePluginsSchemaKeepsItsRowsAndGetsTheCache() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("RUNSCRIPT FROM 'classpath:/schema/h2/h2-create-schema.sql'");
      insertEvent(connection, "Task|acme:1", 1);

      H2JournalSchema.apply(connection);

      assertEquals(1, countEvents(connection));
      assertEquals(
          List.of("persistence_id", "sequence_number"),
          constraintColumns(connection, "PRIMARY KEY"));
      assertEquals(10_000, identityCache(connection));
      insertEvent(connection, "Task|acme:1", 2);
      assertEquals(2, countEvents(connection));
    }
  }

  private static void insertEvent(Connection connection, String persistenceId, long sequenceNumber)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO \"event_journal\" (\"persistence_id\", \"sequence_number\", \"writer\","
                + " \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\","
                + " \"event_ser_manifest\") VALUES (?, ?, 'writer', 0, '', ?, 1, 'E')")) {
      insert.setString(1, persistenceId);
      insert.setLong(2, sequenceNumber);
      insert.setBytes(3, new byte[] {1, 2, 3});
      insert.executeUpdate();
    }
  }

  private static long countEvents(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM \"event_journal\"")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The columns, in key order, of the event journal's constraint of the given type. */
  private static List<String> constraintColumns(Connection connection, String type)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c"
                + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
                + " ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA"
                + " AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME"
                + " WHERE c.TABLE_NAME = 'event_journal' AND c.CONSTRAINT_TYPE = ?"
                + " ORDER BY k.ORDINAL_POSITION")) {
      query.setString(1, type);
      try (ResultSet rows = query.executeQuery()) {
        List<String> columns = new ArrayList<>();
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
        return columns;
      }
    }
  }

  private static long identityCache(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'event_journal' AND COLUMN_NAME = 'ordering'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
