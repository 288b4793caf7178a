package ai.maily.mesh.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counters read from the journal's database before and after a load phase.
 *
 * @param journalRows rows in {@code event_journal}
 * @param writeTransactions transaction ids the PostgreSQL server handed out, which only writing
 *     transactions take (server-wide, so other clients count too); -1 on H2
 */
record DatabaseCounters(long journalRows, long writeTransactions) {

  static DatabaseCounters read(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      long rows = single(statement, "SELECT count(*) FROM event_journal");
      if (database.engine() == BenchDatabase.Engine.H2) {
        return new DatabaseCounters(rows, -1);
      }
      return new DatabaseCounters(rows, single(statement, "SELECT txid_current()"));
    }
  }

  private static long single(Statement statement, String query) throws SQLException {
    try (ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** What happened between {@code before} and this reading. */
  DatabaseCounters since(DatabaseCounters before) {
    return new DatabaseCounters(
        journalRows - before.journalRows,
        writeTransactions < 0 ? -1 : writeTransactions - before.writeTransactions - 1);
  }
}
