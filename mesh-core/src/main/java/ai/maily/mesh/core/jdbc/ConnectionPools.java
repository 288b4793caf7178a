package ai.maily.mesh.core.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Small connection pools of the mesh's own stores next to the journal, so that their statements
 * never queue behind the journal's writes.
 */
public final class ConnectionPools {

  private ConnectionPools() {}

  /** Statements that run in one transaction. */
  @FunctionalInterface
  public interface Transaction {
    void run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} on a connection of {@code pool} in one transaction: committed when it
   * returns, rolled back when it throws.
   *
   * @param what what the work does, for the error
   * @throws IllegalStateException when the work or the commit fails
   */
  public static void inTransaction(DataSource pool, String what, Transaction work) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * A pool of at most {@code size} auto-committing connections, named {@code name} in its threads
   * and logs, on a database where {@code schema} has run: statements that create what is missing
   * ({@code CREATE TABLE IF NOT EXISTS …}).
   *
   * @throws IllegalStateException if the database cannot be reached or a statement fails; the pool
   *     is closed then
   */
  public static HikariDataSource open(
      String name, String url, String user, String password, int size, String... schema) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    config.setAutoCommit(true);
    HikariDataSource pool = new HikariDataSource(config);
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : schema) {
        statement.execute(sql);
      }
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new IllegalStateException(
          "could not create the tables of " + name + ": " + e.getMessage(), e);
    }
    return pool;
  }
}
