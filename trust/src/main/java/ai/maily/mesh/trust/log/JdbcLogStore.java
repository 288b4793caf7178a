package ai.maily.mesh.trust.log;

import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.tree.NodeStore;
import ai.maily.mesh.trust.tree.StoredNode;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LogStore} in two SQL tables that H2 and PostgreSQL both accept as written:
 *
 * <pre>
 * trust_node  (lvl INT, idx BIGINT, hash BYTEA)            primary key (lvl, idx)
 * trust_entry (leaf_index BIGINT, certificate_id VARCHAR(64), entry BYTEA)
 *                                                          primary key leaf_index, index on certificate_id
 * </pre>
 *
 * <p>Connections come from a small pool of its own, so the log's writes never queue behind the
 * journal's.
 */
public final class JdbcLogStore implements LogStore, AutoCloseable {

  private final HikariDataSource pool;

  private JdbcLogStore(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * Opens a pool on {@code url} and creates the tables if they do not exist.
   *
   * @throws IllegalStateException if the database cannot be reached or the tables not created
   */
  public static JdbcLogStore open(String url, String user, String password, int poolSize) {
    return new JdbcLogStore(
        ConnectionPools.open(
            "trust-log",
            url,
            user,
            password,
            poolSize,
            "CREATE TABLE IF NOT EXISTS trust_node ("
                + "lvl INT NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL, "
                + "PRIMARY KEY (lvl, idx))",
            "CREATE TABLE IF NOT EXISTS trust_entry ("
                + "leaf_index BIGINT NOT NULL PRIMARY KEY, certificate_id VARCHAR(64) NOT NULL, "
                + "entry BYTEA NOT NULL)",
            "CREATE INDEX IF NOT EXISTS trust_entry_certificate ON trust_entry (certificate_id)"));
  }

  @Override
  public void write(long committedSize, List<StoredEntry> entries, List<StoredNode> nodes) {
    ConnectionPools.inTransaction(
        pool,
        "store the batch",
        connection -> {
          removeUncommitted(connection, committedSize);
          insertEntries(connection, entries);
          insertNodes(connection, nodes);
        });
  }

  private static void removeUncommitted(Connection connection, long committedSize)
      throws SQLException {
    try (PreparedStatement entries =
        connection.prepareStatement("DELETE FROM trust_entry WHERE leaf_index >= ?")) {
      entries.setLong(1, committedSize);
      entries.executeUpdate();
    }
    // A tree of n leaves holds floor(n / 2^level) nodes at each level; beyond is uncommitted, and
    // so is every level above the tree's height.
    int level = 0;
    try (PreparedStatement nodes =
        connection.prepareStatement("DELETE FROM trust_node WHERE lvl = ? AND idx >= ?")) {
      for (; level <= NodeStore.MAX_LEVEL && (committedSize >>> level) > 0; level++) {
        nodes.setInt(1, level);
        nodes.setLong(2, committedSize >>> level);
        nodes.addBatch();
      }
      nodes.executeBatch();
    }
    try (PreparedStatement above =
        connection.prepareStatement("DELETE FROM trust_node WHERE lvl >= ?")) {
      above.setInt(1, level);
      above.executeUpdate();
    }
  }

  private static void insertEntries(Connection connection, List<StoredEntry> entries)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO trust_entry (leaf_index, certificate_id, entry) VALUES (?, ?, ?)")) {
      for (StoredEntry entry : entries) {
        insert.setLong(1, entry.leafIndex());
        insert.setString(2, entry.certificateId());
        insert.setBytes(3, entry.entry());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insertNodes(Connection connection, List<StoredNode> nodes)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO trust_node (lvl, idx, hash) VALUES (?, ?, ?)")) {
      for (StoredNode node : nodes) {
        insert.setInt(1, node.level());
        insert.setLong(2, node.index());
        insert.setBytes(3, node.hash().bytes());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public byte[] nodes(int level, long from, long to) {
    byte[] hashes = new byte[Math.toIntExact((to - from) * Hash.SIZE)];
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT idx, hash FROM trust_node WHERE lvl = ? AND idx >= ? AND idx < ?"
                    + " ORDER BY idx")) {
      select.setInt(1, level);
      select.setLong(2, from);
      select.setLong(3, to);
      long expected = from;
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long index = rows.getLong(1);
          byte[] hash = rows.getBytes(2);
          if (index != expected || hash.length != Hash.SIZE) {
            throw new IllegalStateException(
                "the trust_node table lacks or corrupts node (" + level + ", " + expected + ")");
          }
          System.arraycopy(hash, 0, hashes, (int) (index - from) * Hash.SIZE, Hash.SIZE);
          expected++;
        }
      }
      if (expected != to) {
        throw new IllegalStateException(
            "the trust_node table lacks node (" + level + ", " + expected + ")");
      }
      return hashes;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read node hashes: " + e.getMessage(), e);
    }
  }

  @Override
  public List<StoredEntry> entriesFor(String certificateId, long committedSize) {
    return query(
        "SELECT leaf_index, certificate_id, entry FROM trust_entry"
            + " WHERE certificate_id = ? AND leaf_index < ? ORDER BY leaf_index",
        certificateId,
        committedSize);
  }

  @Override
  public List<StoredEntry> entries(long from, long to) {
    return query(
        "SELECT leaf_index, certificate_id, entry FROM trust_entry"
            + " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
        from,
        to);
  }

  private List<StoredEntry> query(String sql, Object first, long second) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      select.setObject(1, first);
      select.setLong(2, second);
      List<StoredEntry> entries = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          entries.add(new StoredEntry(rows.getLong(1), rows.getString(2), rows.getBytes(3)));
        }
      }
      return entries;
    } catch (SQLException e) {
      throw new IllegalStateException("could not read log entries: " + e.getMessage(), e);
    }
  }

  /** Closes the pool. */
  @Override
  public void close() {
    pool.close();
  }
}
