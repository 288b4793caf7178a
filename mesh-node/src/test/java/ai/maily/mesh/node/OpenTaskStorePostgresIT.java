package ai.maily.mesh.node;

import ai.maily.mesh.core.task.OpenTaskStoreTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * The task recovery's store on PostgreSQL at 127.0.0.1:5432: the same cases as on H2, each in a
 * schema of its own in the {@code test} database, dropped afterwards.
 */
class OpenTaskStorePostgresIT extends OpenTaskStoreTest {

  private String schema;

  @BeforeAll
  static void requirePostgres() {
    LocalServices.requirePostgres();
  }

  @Override
  protected String newDatabase() throws SQLException {
    schema = "open_task_store_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection connection = LocalServices.postgres();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
    return LocalServices.POSTGRES_URL + "?currentSchema=" + schema;
  }

  @Override
  protected String user() {
    return LocalServices.POSTGRES_USER;
  }

  @Override
  protected void dropDatabase() throws SQLException {
    try (Connection connection = LocalServices.postgres();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}
