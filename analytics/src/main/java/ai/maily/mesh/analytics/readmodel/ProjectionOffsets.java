package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.core.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows of {@code analytics_projection_offset} (name, last_offset): the last store offset each
 * projection applied, locked at the start of each of its batch transactions (ADR 0035).
 */
final class ProjectionOffsets {

  static final String TABLE = "analytics_projection_offset";

  private ProjectionOffsets() {}

  /** The statements that create the table and the row of {@code projection} where missing. */
  static List<String> create(Database.Engine engine, String projection) {
    String insert =
        switch (engine) {
          case POSTGRESQL ->
              "INSERT INTO "
                  + TABLE
                  + " (name, last_offset) VALUES ('"
                  + projection
                  + "', 0) ON CONFLICT DO NOTHING";
          case H2 ->
              "INSERT INTO "
                  + TABLE
                  + " (name, last_offset) SELECT '"
                  + projection
                  + "', 0 WHERE NOT EXISTS (SELECT 1 FROM "
                  + TABLE
                  + " WHERE name = '"
                  + projection
                  + "')";
        };
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + TABLE
            + " (name VARCHAR(128) NOT NULL PRIMARY KEY, last_offset BIGINT NOT NULL)",
        insert);
  }

  /** The projection's offset, its row locked until the transaction ends when {@code lock}. */
  static long read(Connection connection, String projection, boolean lock) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT last_offset FROM " + TABLE + " WHERE name = ?" + (lock ? " FOR UPDATE" : ""))) {
      select.setString(1, projection);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException(TABLE + " has lost the row of " + projection);
        }
        return row.getLong(1);
      }
    }
  }

  /** Moves the projection's offset to {@code offset}. */
  static void move(Connection connection, String projection, long offset) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE " + TABLE + " SET last_offset = ? WHERE name = ?")) {
      update.setLong(1, offset);
      update.setString(2, projection);
      update.executeUpdate();
    }
  }
}
