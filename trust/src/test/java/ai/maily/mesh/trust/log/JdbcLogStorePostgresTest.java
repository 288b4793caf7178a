package ai.maily.mesh.trust.log;

import ai.maily.mesh.core.LocalServices;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link JdbcLogStoreTest}'s cases on the PostgreSQL at 127.0.0.1:5432, the production database,
 * each in a schema of its own in the {@code test} database, dropped afterwards.
 */
class JdbcLogStorePostgresTest extends JdbcLogStoreTest {

  private String schema;

  @BeforeAll
  static void requirePostgres() {
    LocalServices.requirePostgres();
  }

  @Override
  protected String newDatabase() throws SQLException {
    schema = LocalServices.createPostgresSchema("trust_log_store");
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
