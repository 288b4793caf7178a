package ai.maily.mesh.bench;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;

/**
 * Counters read from the journal's database before and after a load phase.
 *
 * @param journalRows rows in {@code event_journal}, as its highest {@code ordering}: the journal
 *     only appends, and each benchmark has a database of its own. Not {@code count(*)}: on
 *     PostgreSQL that scans the whole table, half a second at 1.5 million rows at the start and end
 *     of every phase, and sets the hint bits of every page it reads, which the next checkpoint then
 *     writes out; the commits of the phase that had just started stalled behind it (measured with
 *     JFR, docs/benchmarks/coordinator-history.md, sixth session)
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
      long rows = single(statement, "SELECT coalesce(max(\"ordering\"), 0) FROM event_journal");
      if (database.engine() == BenchDatabase.Engine.H2) {
        return h2(connection, rows);
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

  /**
   * H2's store counters, read from the store itself: the benchmark's connection shares the node's
   * embedded database. Not through {@code INFORMATION_SCHEMA.SETTINGS}: each read of that table
   * makes H2 compute every statistic of its store, walking all its chunks (40–100 ms of CPU on a
   * file of a few GB) inside the node being measured. The written bytes have no public getter in H2
   * 2.2, so they are read from the store's counter field.
   */
  private static DatabaseCounters h2(Connection connection, long rows) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    FileStore<?> store = session.getDatabase().getStore().getMvStore().getFileStore();
    try {
      Field writeBytes = FileStore.class.getDeclaredField("writeBytes");
      writeBytes.setAccessible(true);
      return new DatabaseCounters(
          rows, store.getWriteCount(), ((AtomicLong) writeBytes.get(store)).get(), 0);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this H2 has no file store write counter", e);
    }
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
