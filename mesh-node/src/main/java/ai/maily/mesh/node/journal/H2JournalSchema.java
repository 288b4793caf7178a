package ai.maily.mesh.node.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded H2 journal's tables (ADR 0010). They hold what the journal plugin's own H2 schema
 * holds, keyed for the way H2 stores a table: the rows by their {@code ordering}, the entity's
 * sequence numbers in a unique index, and a large cache for the {@code ordering} identity.
 */
public final class H2JournalSchema {

  /** The script, on the class path; the benchmarks read it too. */
  public static final String RESOURCE = "/ai/maily/mesh/node/journal/h2-journal-schema.sql";

  private H2JournalSchema() {}

  /**
   * Creates the tables that are missing and sets the identity's cache, on a new database or on one
   * created by an earlier version. Safe to run on every start.
   */
  static void apply(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("RUNSCRIPT FROM 'classpath:" + RESOURCE + "'");
    }
  }
}
