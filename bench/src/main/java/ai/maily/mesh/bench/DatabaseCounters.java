package ai.maily.mesh.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counters read from the journal's database before and after a load phase.
 *
 * @param journalRows rows in {@code event_journal}
 * @param writeTransactions on PostgreSQL, the transaction ids the server handed out, which only
 *     writing transactions take (server-wide, so other clients count too); on H2, the store's file
 *     writes: with {@code WRITE_DELAY=0} each commit writes its chunk in one, and H2 adds a few of
 *     its own (file headers), so rows per write is a lower bound of rows per commit there
 * @param bytesWritten what the database wrote for it: PostgreSQL's WAL bytes (server-wide), H2's
 *     store file bytes
 * @param ownWrites the write transactions a reading takes itself (PostgreSQL's {@code
 *     txid_current()} takes one)
 */
record DatabaseCounters(
    long journalRows, long writeTransactions, long bytesWritten, int ownWrites) {

  static DatabaseCounters read(BenchDatabase database) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      long rows = single(statement, "SELECT count(*) FROM event_journal");
      if (database.engine() == BenchDatabase.Engine.H2) {
        return h2(statement, rows);
      }
      return new DatabaseCounters(
          rows,
          single(statement, "SELECT txid_current()"),
          single(statement, "SELECT wal_bytes::bigint FROM pg_stat_wal"),
          1);
    }
  }

  private static long single(Statement statement, String query) throws SQLException {
    try (ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** H2's store counters, read in one query: each read of its settings table computes them all. */
  private static DatabaseCounters h2(Statement statement, long rows) throws SQLException {
    long writes = -1;
    long bytes = -1;
    try (ResultSet settings =
        statement.executeQuery(
            "SELECT SETTING_NAME, CAST(SETTING_VALUE AS BIGINT) FROM INFORMATION_SCHEMA.SETTINGS"
                + " WHERE SETTING_NAME IN ('info.FILE_WRITE', 'info.FILE_WRITE_BYTES')")) {
      while (settings.next()) {
        if (settings.getString(1).equals("info.FILE_WRITE")) {
          writes = settings.getLong(2);
        } else {
          bytes = settings.getLong(2);
        }
      }
    }
    if (writes < 0 || bytes < 0) {
      throw new SQLException("H2 did not report info.FILE_WRITE and info.FILE_WRITE_BYTES");
    }
    return new DatabaseCounters(rows, writes, bytes, 0);
  }

  /** What happened between {@code before} and this reading. */
  DatabaseCounters since(DatabaseCounters before) {
    return new DatabaseCounters(
        journalRows - before.journalRows,
        writeTransactions - before.writeTransactions - ownWrites,
        bytesWritten - before.bytesWritten,
        ownWrites);
  }
}
