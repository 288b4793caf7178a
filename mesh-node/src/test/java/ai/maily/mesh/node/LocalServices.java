package ai.maily.mesh.node;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The real services some tests need, on their standard local ports. Without one, a test is skipped
 * with the reason printed; under {@code CI=true} it fails instead, so CI never passes by skipping.
 */
public final class LocalServices {

  private static final String POSTGRES_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String POSTGRES_URL = postgresUrl("test");
  public static final String POSTGRES_USER = "postgres";

  private LocalServices() {}

  /** Skips (or, in CI, fails) the calling test unless PostgreSQL answers. */
  public static void requirePostgres() {
    try (Connection connection = postgres()) {
      if (!connection.isValid(3)) {
        unavailable("PostgreSQL at " + POSTGRES_URL + " does not answer");
      }
    } catch (SQLException e) {
      unavailable("PostgreSQL at " + POSTGRES_URL + " is not reachable: " + e.getMessage());
    }
  }

  /** The URL of {@code database} on the local PostgreSQL server. */
  public static String postgresUrl(String database) {
    return POSTGRES_SERVER + database;
  }

  public static Connection postgres() throws SQLException {
    DriverManager.setLoginTimeout(3);
    return DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
  }

  private static void unavailable(String reason) {
    if ("true".equals(System.getenv("CI"))) {
      fail(reason + " (CI=true: a missing service fails the build)");
    }
    System.out.println("SKIPPED: " + reason);
    Assumptions.abort(reason);
  }
}
