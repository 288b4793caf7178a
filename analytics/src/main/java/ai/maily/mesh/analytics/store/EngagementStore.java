package ai.maily.mesh.analytics.store;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable log of engagement events, in the node's database (H2 or PostgreSQL), from which read
 * models are built (ADR 0032):
 *
 * <pre>
 * analytics_engagement_event (event_offset BIGINT primary key, tenant, event_id, contact_id,
 *                             campaign_id, channel, event_type, occurred_at, attributes, stored_at)
 *                             unique (tenant, event_id)
 * analytics_engagement_head  (id = 1, last_offset): the highest offset handed out
 * </pre>
 *
 * <p>A write takes the head row's lock first, so writes — of every node on the database — commit
 * one after the other, each numbering its new events from the head on. Offsets are therefore dense
 * and commit in order: a reader that has read every event up to offset N finds every later event
 * above N, never one that appears below it afterwards. An event whose (tenant, eventId) is stored
 * already is a duplicate and changes nothing.
 */
public final class EngagementStore implements AutoCloseable {

  /** The table of events. */
  public static final String TABLE = "analytics_engagement_event";

  private static final String HEAD = "analytics_engagement_head";
  private static final String COLUMNS =
      "event_offset, tenant, event_id, contact_id, campaign_id, channel, event_type, occurred_at,"
          + " attributes, stored_at";
  private static final int COLUMN_COUNT = 10;
  // Rows per INSERT statement, and ids per lookup of stored ones: well under both engines' limits
  // on a statement's parameters.
  private static final int CHUNK = 500;

  private final HikariDataSource pool;
  private final Database.Engine engine;
  private final Clock clock;

  private EngagementStore(HikariDataSource pool, Database.Engine engine, Clock clock) {
    this.pool = pool;
    this.engine = engine;
    this.clock = clock;
  }

  /**
   * Opens a pool of {@code poolSize} connections on {@code database} and creates the tables where
   * they are missing.
   *
   * @throws IllegalStateException if the database cannot be reached or the tables not created
   */
  public static EngagementStore open(Database database, int poolSize) {
    return open(database, poolSize, Clock.systemUTC());
  }

  /** {@link #open(Database, int)} with the clock that dates each write's {@code stored_at}. */
  public static EngagementStore open(Database database, int poolSize, Clock clock) {
    String createHead =
        switch (database.engine()) {
          case POSTGRESQL ->
              "INSERT INTO " + HEAD + " (id, last_offset) VALUES (1, 0) ON CONFLICT DO NOTHING";
          // H2 is embedded: one node, which creates the row before it writes.
          case H2 ->
              "INSERT INTO "
                  + HEAD
                  + " (id, last_offset) SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM "
                  + HEAD
                  + ")";
        };
    return new EngagementStore(
        ConnectionPools.open(
            "analytics-store",
            database.url(),
            database.user(),
            database.password(),
            poolSize,
            "CREATE TABLE IF NOT EXISTS "
                + TABLE
                + " (event_offset BIGINT NOT NULL PRIMARY KEY,"
                + " tenant VARCHAR(128) NOT NULL,"
                + " event_id VARCHAR(128) NOT NULL,"
                + " contact_id VARCHAR(128) NOT NULL,"
                + " campaign_id VARCHAR(128),"
                + " channel VARCHAR(16) NOT NULL,"
                + " event_type VARCHAR(16) NOT NULL,"
                + " occurred_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,"
                + " attributes VARCHAR(4096) NOT NULL,"
                + " stored_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,"
                + " CONSTRAINT analytics_engagement_event_key UNIQUE (tenant, event_id))",
            "CREATE TABLE IF NOT EXISTS "
                + HEAD
                + " (id INT NOT NULL PRIMARY KEY, last_offset BIGINT NOT NULL)",
            createHead),
        database.engine(),
        clock);
  }

  /**
   * Writes {@code events} in one transaction: new ones get the next offsets, in the order given;
   * stored ones (and repeats within the list) are duplicates. When the database refuses the batch,
   * each event is written on its own, so that only the events it refuses are {@link
   * WriteOutcome.Refused}.
   *
   * @return one outcome per event, in the order given
   * @throws StoreUnavailableException when the database cannot be reached; nothing was stored
   */
  public List<WriteOutcome> write(List<EngagementEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    try {
      return writeBatch(events);
    } catch (SQLException e) {
      if (unreachable(e) || pool.isClosed()) {
        throw new StoreUnavailableException(
            "the engagement store's database cannot be reached: " + e.getMessage(), e);
      }
      if (events.size() == 1) {
        return List.of(new WriteOutcome.Refused(e.getMessage()));
      }
    }
    List<WriteOutcome> outcomes = new ArrayList<>(events.size());
    for (EngagementEvent event : events) {
      outcomes.add(write(List.of(event)).get(0));
    }
    return outcomes;
  }

  private List<WriteOutcome> writeBatch(List<EngagementEvent> events) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<WriteOutcome> outcomes = writeBatch(connection, events);
        connection.commit();
        return outcomes;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    }
  }

  private List<WriteOutcome> writeBatch(Connection connection, List<EngagementEvent> events)
      throws SQLException {
    long head = lockHead(connection);
    Map<Key, Long> known = storedOffsets(connection, events);
    List<EngagementEvent> fresh = new ArrayList<>();
    List<WriteOutcome> outcomes = new ArrayList<>(events.size());
    long next = head;
    for (EngagementEvent event : events) {
      Key key = new Key(event.tenant(), event.eventId());
      Long offset = known.get(key);
      if (offset != null) {
        outcomes.add(new WriteOutcome.Duplicate(offset));
      } else {
        next++;
        known.put(key, next);
        fresh.add(event);
        outcomes.add(new WriteOutcome.Stored(next));
      }
    }
    if (!fresh.isEmpty()) {
      insert(
          connection, fresh, head + 1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE " + HEAD + " SET last_offset = ? WHERE id = 1")) {
        update.setLong(1, next);
        update.executeUpdate();
      }
    }
    return outcomes;
  }

  /** Takes the head row's lock until the transaction ends, and reads the highest offset. */
  private static long lockHead(Connection connection) throws SQLException {
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_offset FROM " + HEAD + " WHERE id = 1 FOR UPDATE");
        ResultSet row = select.executeQuery()) {
      if (!row.next()) {
        throw new IllegalStateException(HEAD + " has lost its row");
      }
      return row.getLong(1);
    }
  }

  /**
   * The offsets of those of {@code events} already stored, looked up through the unique index's
   * whole key: on PostgreSQL by tenant and an array of ids ({@code event_id = ANY(?)}, one index
   * scan); on H2, which would scan the tenant's rows for that, by joining the keys as a list of
   * values.
   */
  private Map<Key, Long> storedOffsets(Connection connection, List<EngagementEvent> events)
      throws SQLException {
    Map<Key, Long> known = new HashMap<>();
    if (engine == Database.Engine.POSTGRESQL) {
      Map<String, List<String>> idsByTenant = new HashMap<>();
      for (EngagementEvent event : events) {
        idsByTenant.computeIfAbsent(event.tenant(), t -> new ArrayList<>()).add(event.eventId());
      }
      for (Map.Entry<String, List<String>> tenant : idsByTenant.entrySet()) {
        try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT event_id, event_offset FROM "
                    + TABLE
                    + " WHERE tenant = ? AND event_id = ANY (?)")) {
          select.setString(1, tenant.getKey());
          select.setArray(2, connection.createArrayOf("varchar", tenant.getValue().toArray()));
          collect(select, tenant.getKey(), known);
        }
      }
      return known;
    }
    String pair = "(CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(128)))";
    for (int from = 0; from < events.size(); from += CHUNK) {
      List<EngagementEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT e.event_id, e.event_offset, e.tenant FROM (VALUES "
                  + String.join(", ", Collections.nCopies(chunk.size(), pair))
                  + ") AS k (tenant, event_id) JOIN "
                  + TABLE
                  + " e ON e.tenant = k.tenant AND e.event_id = k.event_id")) {
        int parameter = 1;
        for (EngagementEvent event : chunk) {
          select.setString(parameter++, event.tenant());
          select.setString(parameter++, event.eventId());
        }
        collect(select, null, known);
      }
    }
    return known;
  }

  /** Adds the (event_id, event_offset[, tenant]) rows of {@code select} to {@code known}. */
  private static void collect(PreparedStatement select, String tenant, Map<Key, Long> known)
      throws SQLException {
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        String of = tenant != null ? tenant : rows.getString(3);
        known.put(new Key(of, rows.getString(1)), rows.getLong(2));
      }
    }
  }

  private static void insert(
      Connection connection, List<EngagementEvent> events, long firstOffset, OffsetDateTime now)
      throws SQLException {
    String row = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
    for (int from = 0; from < events.size(); from += CHUNK) {
      List<EngagementEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK));
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO "
                  + TABLE
                  + " ("
                  + COLUMNS
                  + ") VALUES "
                  + String.join(", ", Collections.nCopies(chunk.size(), row)))) {
        int p = 1;
        for (int i = 0; i < chunk.size(); i++) {
          EngagementEvent event = chunk.get(i);
          insert.setLong(p++, firstOffset + from + i);
          insert.setString(p++, event.tenant());
          insert.setString(p++, event.eventId());
          insert.setString(p++, event.contactId());
          insert.setString(p++, event.campaignId());
          insert.setString(p++, event.channel().wireName());
          insert.setString(p++, event.type().wireName());
          insert.setObject(p++, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
          insert.setString(p++, event.attributes());
          insert.setObject(p++, now);
        }
        insert.executeUpdate();
      }
    }
  }

  /**
   * Up to {@code limit} events with offsets above {@code offset}, in offset order: a projection
   * that has handled every event up to {@code offset} reads on here.
   */
  public List<StoredEvent> after(long offset, int limit) {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM "
                    + TABLE
                    + " WHERE event_offset > ? ORDER BY event_offset FETCH FIRST ? ROWS ONLY")) {
      select.setLong(1, offset);
      select.setInt(2, limit);
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(storedEvent(rows));
        }
      }
      return events;
    } catch (SQLException e) {
      throw failure("read the engagement events", e);
    }
  }

  /** The highest offset stored; 0 while the store is empty. */
  public long lastOffset() {
    try (Connection connection = pool.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT last_offset FROM " + HEAD + " WHERE id = 1");
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      throw failure("read the engagement store's head", e);
    }
  }

  private static StoredEvent storedEvent(ResultSet rows) throws SQLException {
    Channel channel =
        Channel.fromWireName(rows.getString(6))
            .orElseThrow(() -> new IllegalStateException("unknown channel in " + TABLE));
    EngagementType type =
        EngagementType.fromWireName(rows.getString(7))
            .orElseThrow(() -> new IllegalStateException("unknown event type in " + TABLE));
    return new StoredEvent(
        rows.getLong(1),
        new EngagementEvent(
            rows.getString(3),
            rows.getString(2),
            rows.getString(4),
            rows.getString(5),
            channel,
            type,
            instant(rows, 8),
            rows.getString(9)),
        instant(rows, 10));
  }

  private static Instant instant(ResultSet rows, int column) throws SQLException {
    return rows.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static RuntimeException failure(String what, SQLException e) {
    if (unreachable(e)) {
      return new StoreUnavailableException("could not " + what + ": " + e.getMessage(), e);
    }
    return new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
  }

  /**
   * Whether the failure is the database's being out of reach rather than its refusing the
   * statement: no connection (SQL state class 08), or the server shutting down (57P).
   */
  static boolean unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return e instanceof SQLTransientConnectionException
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLRecoverableException
        || state.startsWith("08")
        || state.startsWith("57P");
  }

  @Override
  public void close() {
    pool.close();
  }

  private record Key(String tenant, String eventId) {}
}
