package ai.maily.mesh.core.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Small connection pools of the mesh's own stores next to the journal, so that their statements
 * never queue behind the journal's writes.
 */
public final class ConnectionPools {

  private ConnectionPools() {}

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
