package ai.maily.mesh.core.task;

import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * What a node needs to find the unfinished tasks after a crash without sharding's remember-entities
 * (ADR 0018): the journal itself, read from a mark, and a short list of the tasks that have been
 * open for long. Two tables of its own sit next to the journal's:
 *
 * <ul>
 *   <li>{@code mesh_open_task}: the tasks a node has seen open for at least {@code record-after}
 *       ({@link TaskRecovery}), until they end;
 *   <li>{@code mesh_task_scan_mark}: for each node, a position in the journal ({@code ordering})
 *       from which every task the node has opened since, and not listed, can be found in the
 *       journal: a task whose events after the position hold no {@code TaskFinished}.
 * </ul>
 *
 * <p>Works on H2 and PostgreSQL, next to the journal plugin's {@code event_journal}.
 */
public final class OpenTaskStore implements AutoCloseable {

  private final HikariDataSource pool;
  private final String persistenceIdPrefix;
  private final String finishedManifest;

  private OpenTaskStore(
      HikariDataSource pool, String persistenceIdPrefix, String finishedManifest) {
    this.pool = pool;
    this.persistenceIdPrefix = persistenceIdPrefix;
    this.finishedManifest = finishedManifest;
  }

  /**
   * Opens the store in which a node's tasks are listed for their recovery, on the journal's
   * database. Tasks are found in the journal by their persistence ids and the manifest of the
   * {@link TaskCoordinator.TaskFinished} that ends them, as this system's serialization writes it.
   * The node's {@link TaskRecovery} closes it when it stops.
   */
  public static OpenTaskStore forTasks(ActorSystem<?> system, Database journal) {
    var sample = new TaskCoordinator.TaskFinished(TaskStatus.COMPLETED, List.of(), Instant.EPOCH);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    String manifest = Serializers.manifestFor(serialization.findSerializerFor(sample), sample);
    return open(
        journal.url(),
        journal.user(),
        journal.password(),
        PersistenceId.of(TaskCoordinator.ENTITY_KEY.name(), "").id(),
        manifest);
  }

  /**
   * Opens a pool of two connections on the journal's database and creates the tables if they do not
   * exist.
   *
   * @param persistenceIdPrefix what the persistence ids of task coordinators start with
   * @param finishedManifest the serializer manifest of the event that ends a task
   * @throws IllegalStateException if the database cannot be reached or the tables not created
   */
  public static OpenTaskStore open(
      String url,
      String user,
      String password,
      String persistenceIdPrefix,
      String finishedManifest) {
    return new OpenTaskStore(
        ConnectionPools.open(
            "task-recovery",
            url,
            user,
            password,
            2,
            "CREATE TABLE IF NOT EXISTS mesh_open_task (entity_id VARCHAR(255) PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS mesh_task_scan_mark (node VARCHAR(255) PRIMARY KEY, "
                + "journal_ordering BIGINT NOT NULL, updated_at BIGINT NOT NULL)"),
        persistenceIdPrefix,
        finishedManifest);
  }

  /** The journal's highest position so far; 0 while it is empty. */
  public long journalEnd() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT coalesce(max(\"ordering\"), 0) FROM event_journal")) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the journal's end: " + e.getMessage(), e);
    }
  }

  /**
   * In one transaction: lists {@code record}, drops {@code forget} from the list and, unless {@code
   * mark} is negative, sets {@code node}'s mark.
   *
   * @param nowMillis when, by this node's clock, to tell a node that writes from one that stopped
   */
  public void write(
      String node,
      long mark,
      long nowMillis,
      Collection<String> record,
      Collection<String> forget) {
    ConnectionPools.inTransaction(
        pool,
        "write the open tasks and the mark",
        connection -> {
          Set<String> touched = new HashSet<>(record);
          touched.addAll(forget);
          batch(connection, "DELETE FROM mesh_open_task WHERE entity_id = ?", touched);
          batch(connection, "INSERT INTO mesh_open_task (entity_id) VALUES (?)", record);
          if (mark >= 0) {
            setMark(connection, node, mark, nowMillis);
          }
        });
  }

  private static void batch(Connection connection, String sql, Collection<String> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (String id : ids) {
        statement.setString(1, id);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  private static void setMark(Connection connection, String node, long mark, long nowMillis)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE mesh_task_scan_mark SET journal_ordering = ?, updated_at = ? WHERE node = ?")) {
      update.setLong(1, mark);
      update.setLong(2, nowMillis);
      update.setString(3, node);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO mesh_task_scan_mark (node, journal_ordering, updated_at) VALUES (?, ?, ?)")) {
      insert.setString(1, node);
      insert.setLong(2, mark);
      insert.setLong(3, nowMillis);
      insert.executeUpdate();
    }
  }

  /**
   * The entity ids of every task that may be unfinished: those listed, and those with events after
   * the lowest mark of any node (the whole journal when no node has one) none of which ends the
   * task.
   */
  public Set<String> unfinished() {
    Set<String> ids = new HashSet<>();
    try (Connection connection = pool.getConnection()) {
      long from = lowestMark(connection);
      try (PreparedStatement scan =
          connection.prepareStatement(
              "SELECT persistence_id FROM event_journal WHERE \"ordering\" > ?"
                  + " AND persistence_id LIKE ? GROUP BY persistence_id"
                  + " HAVING sum(CASE WHEN event_ser_manifest = ? THEN 1 ELSE 0 END) = 0")) {
        scan.setLong(1, from);
        scan.setString(2, persistenceIdPrefix + "%");
        scan.setString(3, finishedManifest);
        try (ResultSet rows = scan.executeQuery()) {
          while (rows.next()) {
            ids.add(rows.getString(1).substring(persistenceIdPrefix.length()));
          }
        }
      }
      try (Statement listed = connection.createStatement();
          ResultSet rows = listed.executeQuery("SELECT entity_id FROM mesh_open_task")) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the unfinished tasks: " + e.getMessage(), e);
    }
    return ids;
  }

  private static long lowestMark(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT coalesce(min(journal_ordering), 0) FROM mesh_task_scan_mark")) {
      row.next();
      return row.getLong(1);
    }
  }

  /**
   * Drops the marks of nodes that have not written since {@code beforeMillis}: a scan that started
   * after they stopped has covered their tasks.
   */
  public void forgetNodesSilentSince(long beforeMillis) {
    try (Connection connection = pool.getConnection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM mesh_task_scan_mark WHERE updated_at < ?")) {
      delete.setLong(1, beforeMillis);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not drop the marks of stopped nodes: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
