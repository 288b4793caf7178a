package ai.maily.mesh.analytics.bus.relay;

import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.Outgoing;
import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Publishes domain events from the journal (ADR 0032): entities write their events as they always
 * do, and the relay reads the rows of the kinds it is given after its offset, in journal order,
 * turns each into messages, publishes them with confirmation and only then moves its offset, which
 * it keeps in {@code mesh_relay_offset} next to the journal. Delivery is therefore at least once:
 * after a crash between the confirmation and the offset's write, the same messages, with the same
 * message ids, are published again.
 *
 * <p>A relay that starts without an offset starts at the journal's end: it publishes what happens
 * from then on, not the history.
 */
public final class JournalRelay implements AutoCloseable {

  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

  /**
   * A journal row of one of the relayed kinds.
   *
   * @param ordering its position in the journal
   * @param persistenceId the entity that wrote it
   * @param sequenceNr its number among that entity's rows
   * @param event the event, deserialized
   */
  public record Row(long ordering, String persistenceId, long sequenceNr, Object event) {}

  /**
   * Rows to relay: those of entities whose persistence id starts with {@code persistenceIdPrefix}
   * and whose serializer manifest is {@code manifest}.
   *
   * @param messages what to publish for such a row; may be none
   */
  public record Kind(
      String persistenceIdPrefix, String manifest, Function<Row, List<Outgoing>> messages) {}

  private final String name;
  private final HikariDataSource pool;
  private final Serialization serialization;
  private final EventBus bus;
  private final List<Kind> kinds;
  private final int pageSize;
  private final JournalTail tail;
  private long offset = -1;

  private JournalRelay(
      String name,
      HikariDataSource pool,
      Serialization serialization,
      EventBus bus,
      List<Kind> kinds,
      RelaySettings settings,
      Clock clock) {
    this.name = name;
    this.pool = pool;
    this.serialization = serialization;
    this.bus = bus;
    this.kinds = List.copyOf(kinds);
    this.pageSize = settings.pageSize();
    this.tail = new JournalTail(settings.gapTimeout(), clock);
  }

  /**
   * Opens the relay {@code name} on the journal's database, creating its offsets' table where it is
   * missing.
   *
   * @throws IllegalStateException if the database cannot be reached
   */
  public static JournalRelay open(
      ActorSystem<?> system,
      Database journal,
      String name,
      List<Kind> kinds,
      EventBus bus,
      RelaySettings settings,
      Clock clock) {
    if (kinds.isEmpty()) {
      throw new IllegalArgumentException("a relay needs at least one kind of row");
    }
    return new JournalRelay(
        name,
        ConnectionPools.open(
            "bus-relay",
            journal.url(),
            journal.user(),
            journal.password(),
            1,
            "CREATE TABLE IF NOT EXISTS mesh_relay_offset (relay VARCHAR(64) NOT NULL PRIMARY KEY,"
                + " journal_ordering BIGINT NOT NULL)"),
        SerializationExtension.get(Adapter.toClassic(system)),
        bus,
        kinds,
        settings,
        clock);
  }

  /** The manifest this system's serialization writes for {@code sample}'s class. */
  public static String manifestOf(ActorSystem<?> system, Object sample) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    return Serializers.manifestFor(serialization.findSerializerFor(sample), sample);
  }

  /**
   * Relays the next page of the journal: publishes the messages of its rows and moves the offset
   * past them once every one is confirmed.
   *
   * @return how many journal rows it read, up to the page size: a full page means more may wait
   * @throws IllegalStateException when the journal cannot be read or a message is not confirmed;
   *     the offset stays, and the next round publishes the same messages again
   */
  public int relayOnce() {
    try (Connection connection = pool.getConnection()) {
      if (offset < 0) {
        offset = storedOffset(connection);
      }
      List<Long> orderings = orderingsAfter(connection, offset);
      long end = tail.safeEnd(offset, orderings);
      if (end == offset) {
        return orderings.size();
      }
      List<CompletableFuture<?>> confirmations = new ArrayList<>();
      for (Row row : rows(connection, offset, end)) {
        for (Kind kind : kinds) {
          if (row.persistenceId().startsWith(kind.persistenceIdPrefix())) {
            kind.messages().apply(row).stream()
                .map(message -> bus.publish(message).toCompletableFuture())
                .forEach(confirmations::add);
          }
        }
      }
      CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
          .get(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      saveOffset(connection, end);
      offset = end;
      return orderings.size();
    } catch (SQLException e) {
      throw new IllegalStateException("relay " + name + " could not read the journal: " + e, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "relay " + name + " could not publish: " + (e.getCause() == null ? e : e.getCause()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("relay " + name + " was interrupted", e);
    }
  }

  private long storedOffset(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT journal_ordering FROM mesh_relay_offset WHERE relay = ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          return row.getLong(1);
        }
      }
    }
    long end;
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT coalesce(max(\"ordering\"), 0) FROM event_journal");
        ResultSet row = select.executeQuery()) {
      row.next();
      end = row.getLong(1);
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO mesh_relay_offset (relay, journal_ordering) VALUES (?, ?)")) {
      insert.setString(1, name);
      insert.setLong(2, end);
      insert.executeUpdate();
    }
    return end;
  }

  private List<Long> orderingsAfter(Connection connection, long after) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\" FROM event_journal WHERE \"ordering\" > ?"
                + " ORDER BY \"ordering\" FETCH FIRST ? ROWS ONLY")) {
      select.setLong(1, after);
      select.setInt(2, pageSize);
      List<Long> orderings = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          orderings.add(rows.getLong(1));
        }
      }
      return orderings;
    }
  }

  private List<Row> rows(Connection connection, long after, long upTo) throws SQLException {
    String kindsClause =
        kinds.stream()
            .map(kind -> "(persistence_id LIKE ? AND event_ser_manifest = ?)")
            .collect(Collectors.joining(" OR "));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT \"ordering\", persistence_id, sequence_number, event_ser_id,"
                + " event_ser_manifest, event_payload FROM event_journal"
                + " WHERE \"ordering\" > ? AND \"ordering\" <= ? AND deleted = FALSE AND ("
                + kindsClause
                + ") ORDER BY \"ordering\"")) {
      select.setLong(1, after);
      select.setLong(2, upTo);
      int parameter = 3;
      for (Kind kind : kinds) {
        select.setString(parameter++, kind.persistenceIdPrefix() + "%");
        select.setString(parameter++, kind.manifest());
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          Object event =
              serialization
                  .deserialize(result.getBytes(6), result.getInt(4), result.getString(5))
                  .get();
          rows.add(new Row(result.getLong(1), result.getString(2), result.getLong(3), event));
        }
      }
      return rows;
    }
  }

  private void saveOffset(Connection connection, long end) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE mesh_relay_offset SET journal_ordering = ? WHERE relay = ?")) {
      update.setLong(1, end);
      update.setString(2, name);
      update.executeUpdate();
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
