package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The rows of {@code analytics_projection_offset} (name, last_offset): the last store offset each
 * projection applied, and the batch transaction around them that every projection runs (ADR 0035).
 */
final class ProjectionOffsets {

  static final String TABLE = "analytics_projection_offset";

  /** What a projection does with a batch, inside the transaction that holds its offset's lock. */
  @FunctionalInterface
  interface Apply {
    /** Applies {@code events} (not empty, in offset order); answers the campaigns it changed. */
    Set<CampaignKey> apply(Connection connection, List<StoredEvent> events) throws SQLException;
  }

  private ProjectionOffsets() {}

  /**
   * In one transaction on {@code pool}: locks the row of {@code projection}, reads up to {@code
   * limit} events of {@code store} after its offset, applies them and moves the offset past them.
   *
   * @throws IllegalStateException when the database fails; nothing was applied
   */
  static ProjectedBatch project(
      DataSource pool,
      String projection,
      String what,
      EngagementStore store,
      int limit,
      Apply apply) {
    ProjectedBatch[] projected = {null};
    ConnectionPools.inTransaction(
        pool,
        what,
        connection -> {
          long offset = read(connection, projection, true);
          List<StoredEvent> events = store.after(offset, limit);
          if (events.isEmpty()) {
            projected[0] = new ProjectedBatch(0, offset, Set.of());
            return;
          }
          Set<CampaignKey> touched = apply.apply(connection, events);
          long last = events.get(events.size() - 1).offset();
          move(connection, projection, last);
          projected[0] = new ProjectedBatch(events.size(), last, touched);
        });
    return projected[0];
  }

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

  private static void move(Connection connection, String projection, long offset)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE " + TABLE + " SET last_offset = ? WHERE name = ?")) {
      update.setLong(1, offset);
      update.setString(2, projection);
      update.executeUpdate();
    }
  }
}
