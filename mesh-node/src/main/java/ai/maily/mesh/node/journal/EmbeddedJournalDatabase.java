package ai.maily.mesh.node.journal;

import ai.maily.mesh.core.jdbc.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database of a node's journal, for the node's lifetime: it creates the journal's
 * tables, syncs the file while the node runs ({@link H2FileSync}), and closes the database once the
 * node has stopped using it.
 *
 * <p>H2 closes its databases from a JVM shutdown hook of its own unless told not to, and that hook
 * runs at the same time as the node's coordinated shutdown, whose last journal writes and syncs
 * then meet a closed database. The node's URL turns that hook off ({@code DB_CLOSE_ON_EXIT=FALSE},
 * {@code NodeConfig}) and closes the database here instead, after every other connection has gone
 * (ADR 0020).
 */
public final class EmbeddedJournalDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedJournalDatabase.class);

  private final Connection connection;
  private final Optional<H2FileSync> sync;

  private EmbeddedJournalDatabase(Connection connection, Optional<H2FileSync> sync) {
    this.connection = connection;
    this.sync = sync;
  }

  /**
   * Opens the H2 {@code database} as its admin user, creates the journal's tables where they are
   * missing, and syncs its file every {@code syncInterval} (zero: never).
   */
  public static EmbeddedJournalDatabase open(Database database, Duration syncInterval)
      throws SQLException {
    if (database.engine() != Database.Engine.H2) {
      throw new IllegalArgumentException("not an H2 database: " + database);
    }
    Connection connection = connect(database);
    try {
      H2JournalSchema.apply(connection);
      Optional<H2FileSync> sync =
          syncInterval.isZero()
              ? Optional.empty()
              : Optional.of(H2FileSync.start(connect(database), syncInterval));
      return new EmbeddedJournalDatabase(connection, sync);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static Connection connect(Database database) throws SQLException {
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /**
   * Stops the syncs and closes this node's last connection, which closes the database: H2 writes
   * its last state to the file, marks it cleanly closed and compacts it for a moment. Every other
   * connection of the node must be closed by then. A plain close rather than {@code SHUTDOWN},
   * which would also close the database under another node of the same JVM that shares it (tests
   * run clusters so); that node's own close closes it last.
   */
  @Override
  public void close() {
    sync.ifPresent(H2FileSync::close);
    try {
      connection.close();
    } catch (SQLException e) {
      LOG.warn("could not close the H2 journal's database: {}", e.getMessage());
    }
  }
}
