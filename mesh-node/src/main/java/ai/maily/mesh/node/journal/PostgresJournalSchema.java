package ai.maily.mesh.node.journal;

import ai.maily.mesh.core.jdbc.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The PostgreSQL journal's tables: the journal plugin's own schema, created where it is missing at
 * every start, from a script that says {@code IF NOT EXISTS} throughout (ADR 0022).
 */
public final class PostgresJournalSchema {

  /** The script, on the class path; the benchmarks read it too. */
  public static final String RESOURCE = "/ai/maily/mesh/node/journal/postgres-journal-schema.sql";

  /**
   * The advisory lock the script runs under, the same number on every node: PostgreSQL can still
   * fail one of two {@code CREATE TABLE IF NOT EXISTS} of the same table at the same moment, so
   * nodes starting together on a new database take turns.
   */
  private static final long LOCK = 0x6d6573684a726eL;

  private PostgresJournalSchema() {}

  /**
   * Creates the tables and indexes that are missing on {@code database}, in one transaction.
   *
   * @throws IllegalStateException if the database cannot be reached or a statement fails
   */
  public static void create(Database database) {
    try (Connection connection =
        DriverManager.getConnection(database.url(), database.user(), database.password())) {
      apply(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not create the journal's tables on " + database + ": " + e.getMessage(), e);
    }
  }

  static void apply(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      for (String ddl : statements(RESOURCE)) {
        statement.execute(ddl);
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  /**
   * The statements of a schema script on the class path: its text without {@code --} comment lines,
   * split at each {@code ;}.
   */
  static List<String> statements(String resource) {
    try (InputStream in = PostgresJournalSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no schema script " + resource + " on the class path");
      }
      String script =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(line -> !line.strip().startsWith("--"))
              .collect(Collectors.joining("\n"));
      return Arrays.stream(script.split(";"))
          .map(String::strip)
          .filter(ddl -> !ddl.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
