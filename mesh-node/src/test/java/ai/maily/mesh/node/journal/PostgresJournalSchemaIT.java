package ai.maily.mesh.node.journal;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.jdbc.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The journal's schema on PostgreSQL at 127.0.0.1:5432, each case in new databases of its own: the
 * tables the node creates are the ones the journal plugin's bundled script creates.
 */
class PostgresJournalSchemaIT {

  private final List<String> databases = new ArrayList<>();

  @BeforeAll
  static void requirePostgres() {
    LocalServices.requirePostgres();
  }

  @AfterEach
  void dropDatabases() throws SQLException {
    try (Connection connection = LocalServices.postgres();
        Statement statement = connection.createStatement()) {
      for (String database : databases) {
        statement.execute("DROP DATABASE " + database + " WITH (FORCE)");
      }
    }
  }

  @Test
  void createsTheTablesOfThePluginsScriptAndRunsAgainOnThem() throws SQLException {
    Database bundled = newDatabase();
    try (Connection connection = connect(bundled);
        Statement statement = connection.createStatement()) {
      for (String ddl : PostgresJournalSchema.statements(PostgresJournalSchemaTest.BUNDLED)) {
        statement.execute(ddl);
      }
    }
    Database node = newDatabase();

    PostgresJournalSchema.create(node);
    PostgresJournalSchema.create(node);

    assertThat(catalog(node)).isEqualTo(catalog(bundled)).contains("table event_journal");
  }

  private Database newDatabase() throws SQLException {
    String name = "journal_schema_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = LocalServices.postgres();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    databases.add(name);
    return Database.at(LocalServices.postgresUrl(name), LocalServices.POSTGRES_USER, "");
  }

  private static Connection connect(Database database) throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /** The public schema's tables, columns, constraints and indexes, one line each. */
  private static List<String> catalog(Database database) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = connect(database);
        Statement statement = connection.createStatement()) {
      query(
          statement,
          "SELECT 'table ' || table_name FROM information_schema.tables"
              + " WHERE table_schema = 'public' ORDER BY 1",
          lines);
      query(
          statement,
          "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '"
              + " || coalesce(character_maximum_length::text, '-') || ' ' || is_nullable || ' '"
              + " || coalesce(column_default, '-') FROM information_schema.columns"
              + " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position",
          lines);
      query(
          statement,
          "SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' '"
              + " || pg_get_constraintdef(oid) FROM pg_constraint"
              + " WHERE connamespace = 'public'::regnamespace ORDER BY 1",
          lines);
      query(
          statement,
          "SELECT 'index ' || i.indexrelid::regclass || ' ' || pg_get_indexdef(i.indexrelid) || ' '"
              + " || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
              + " WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1",
          lines);
    }
    return lines;
  }

  private static void query(Statement statement, String sql, List<String> lines)
      throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        lines.add(rows.getString(1));
      }
    }
  }
}
