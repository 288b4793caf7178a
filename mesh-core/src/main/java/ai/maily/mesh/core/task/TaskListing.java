package ai.maily.mesh.core.task;

import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's tasks, newest id first, a page at a time, read from the journal's own key.
 *
 * <p>Every task's first journal row has sequence number 1 and the persistence id {@code
 * Task|<tenant>:<taskId>}, and the journal keeps an index on {@code (persistence_id,
 * sequence_number)} on H2 and PostgreSQL alike. A page is one range scan of that index, backwards
 * from the cursor, within the tenant's prefix: it reads the rows of the tasks it returns and no
 * others, so its cost does not grow with the journal, and it writes nothing, so the coordinator's
 * writes stay as they are. Task ids made without an idempotency key are time-ordered (version 7
 * UUIDs, {@link TaskIds#taskIdFor}), so for them "newest id first" is "newest first"; an id made
 * from a key sorts by its hash.
 *
 * <p>The scan keeps a tenant's ids together only where the database compares strings by their code
 * points, as embedded H2 does and PostgreSQL does under the {@code C} collation. Under a linguistic
 * collation ({@code en_US.UTF-8}, ICU) punctuation sorts apart and tenants interleave, and a page
 * could not be read without scanning the whole journal; the listing then refuses every page
 * (checked once, when it opens) instead.
 */
public final class TaskListing implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskListing.class);

  /**
   * Pairs a linguistic collation orders otherwise than code points do: it ignores {@code :} and
   * {@code ;}, and puts lower case before upper case.
   */
  private static final String CODE_POINT_ORDER_PROBE =
      "SELECT CASE WHEN 'Task|a:1' < 'Task|a;' AND 'Z' < 'a' THEN 1 ELSE 0 END";

  private final HikariDataSource pool;
  private final String persistenceIdPrefix;
  private final boolean codePointOrder;

  private TaskListing(HikariDataSource pool, String persistenceIdPrefix, boolean codePointOrder) {
    this.pool = pool;
    this.persistenceIdPrefix = persistenceIdPrefix;
    this.codePointOrder = codePointOrder;
  }

  /** Opens the listing of the tasks in the journal on {@code journal}. */
  public static TaskListing forTasks(Database journal) {
    return open(journal, PersistenceId.of(TaskCoordinator.ENTITY_KEY.name(), "").id());
  }

  /**
   * Opens a pool of two connections on the journal's database and checks how it orders strings.
   *
   * @param persistenceIdPrefix what the persistence ids of task coordinators start with
   * @throws IllegalStateException if the database cannot be reached
   */
  public static TaskListing open(Database journal, String persistenceIdPrefix) {
    HikariDataSource pool =
        ConnectionPools.open("task-listing", journal.url(), journal.user(), journal.password(), 2);
    try {
      boolean codePointOrder = ordersByCodePoint(pool);
      if (!codePointOrder) {
        LOG.warn(
            "tasks cannot be listed: the journal's database ({}) does not order strings by code"
                + " point, so a tenant's tasks are not together in its index; create it with the"
                + " C collation to list them",
            journal);
      }
      return new TaskListing(pool, persistenceIdPrefix, codePointOrder);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static boolean ordersByCodePoint(DataSource pool) {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(CODE_POINT_ORDER_PROBE)) {
      row.next();
      return row.getInt(1) == 1;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read how the journal's database orders strings: " + e.getMessage(), e);
    }
  }

  /**
   * Up to {@code limit} ids of {@code tenant}'s tasks, newest id first, starting after {@code
   * before} (a task id of an earlier page) or from the newest. Blocks on the database.
   *
   * @param tenant a tenant id, which never holds {@code :} ({@code TokenVerifier.TENANT})
   * @throws ProblemException {@link ProblemType#UNAVAILABLE} where the database's collation keeps
   *     tasks from being listed, or the database cannot be read
   */
  public List<String> page(String tenant, Optional<String> before, int limit) {
    if (!codePointOrder) {
      throw ProblemException.of(
          ProblemType.UNAVAILABLE,
          "tasks cannot be listed on this node: its journal's database does not order strings by"
              + " code point (C collation)");
    }
    String prefix = persistenceIdPrefix + TaskIds.entityId(tenant, "");
    // ':' + 1 is ';': every id of the tenant sorts below prefix-with-';', and no other id between.
    String end = prefix.substring(0, prefix.length() - 1) + ';';
    List<String> ids = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        PreparedStatement page =
            connection.prepareStatement(
                "SELECT persistence_id FROM event_journal WHERE persistence_id >= ?"
                    + " AND persistence_id < ? AND sequence_number = 1"
                    + " ORDER BY persistence_id DESC FETCH FIRST ? ROWS ONLY")) {
      page.setString(1, prefix);
      page.setString(2, before.map(prefix::concat).orElse(end));
      page.setInt(3, limit);
      try (ResultSet rows = page.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1).substring(prefix.length()));
        }
      }
    } catch (SQLException e) {
      LOG.warn("could not list tasks: {}", e.getMessage());
      throw ProblemException.of(
          ProblemType.UNAVAILABLE, "the journal could not be read; retry with backoff");
    }
    return ids;
  }

  @Override
  public void close() {
    pool.close();
  }
}
