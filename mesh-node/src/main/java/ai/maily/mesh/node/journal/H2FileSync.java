package ai.maily.mesh.node.journal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces the embedded H2 journal's file to disk at a fixed interval ({@code CHECKPOINT SYNC}).
 *
 * <p>With {@code WRITE_DELAY=0} every H2 commit is written to the file before it returns, which
 * survives the process being killed, but H2 never syncs it: the operating system decides when the
 * data reaches the disk. Syncing it bounds what a power loss can take, and spreads the disk writes
 * evenly: left to the kernel, the tens of MB a second that H2 writes under load are flushed in
 * bursts that stall H2's own writes for about a second at a time (ADR 0009). Syncs run on their own
 * thread and connection, one at a time, without H2's store lock, so commits do not wait for them. A
 * failed sync is logged and the next one tries again, unless the database has closed.
 */
final class H2FileSync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(H2FileSync.class);

  private final Connection connection;
  private final ScheduledExecutorService timer;
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  private H2FileSync(Connection connection) {
    this.connection = connection;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "mesh-h2-sync");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Syncs the file of the H2 database behind {@code connection} every {@code interval}; the
   * connection's user must be an H2 admin, as the one that created the database is. The sync owns
   * the connection from then on.
   */
  static H2FileSync start(Connection connection, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the H2 sync interval must be positive, not " + interval);
    }
    H2FileSync sync = new H2FileSync(connection);
    long millis = interval.toMillis();
    sync.timer.scheduleWithFixedDelay(sync::syncLogged, millis, millis, TimeUnit.MILLISECONDS);
    return sync;
  }

  /** Syncs the file now; returns once the operating system reports it on disk. */
  void syncNow() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CHECKPOINT SYNC");
    }
    completed.incrementAndGet();
  }

  private void syncLogged() {
    try {
      syncNow();
    } catch (SQLException e) {
      failed.incrementAndGet();
      if (closedForGood(e)) {
        LOG.info("the H2 journal is closed; its file syncs stop");
        timer.shutdown();
      } else {
        LOG.warn("could not sync the H2 journal file; trying again later: {}", e.getMessage());
      }
    }
  }

  private static boolean closedForGood(SQLException e) {
    return e.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN
        || e.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED;
  }

  /** Whether syncs still run: until {@link #close} or the database closes. */
  boolean running() {
    return !timer.isShutdown();
  }

  /** Syncs that completed. */
  long completed() {
    return completed.get();
  }

  /** Syncs that failed. */
  long failed() {
    return failed.get();
  }

  /** Stops syncing and closes the connection; a sync in progress finishes first. */
  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("an H2 journal sync did not finish within 10 s of shutdown");
      }
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.warn("could not close the H2 sync connection: {}", e.getMessage());
    }
  }
}
