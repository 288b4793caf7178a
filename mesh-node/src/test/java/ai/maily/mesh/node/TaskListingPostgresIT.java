package ai.maily.mesh.node;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.task.TaskListingTest;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

/**
 * The task listing on PostgreSQL at 127.0.0.1:5432: the same cases as on H2, each in a schema of
 * its own in the {@code test} database, dropped afterwards.
 */
class TaskListingPostgresIT extends TaskListingTest {

  private String schema;

  @BeforeAll
  static void requirePostgres() {
    LocalServices.requirePostgres();
  }

  @Override
  protected String newDatabase() throws SQLException {
    schema = LocalServices.createPostgresSchema("task_listing");
    return LocalServices.postgresUrlInSchema(schema);
  }

  @Override
  protected String user() {
    return LocalServices.POSTGRES_USER;
  }

  @Override
  protected void dropDatabase() throws SQLException {
    LocalServices.dropPostgresSchema(schema);
  }
}
