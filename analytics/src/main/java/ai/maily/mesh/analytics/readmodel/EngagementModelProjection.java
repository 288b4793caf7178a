package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.predict.ContactEvent;
import ai.maily.mesh.analytics.predict.ContactHistory;
import ai.maily.mesh.analytics.predict.EngagementFeatures;
import ai.maily.mesh.analytics.predict.EngagementLearner;
import ai.maily.mesh.analytics.predict.EngagementModel;
import ai.maily.mesh.analytics.predict.EngagementModelState;
import ai.maily.mesh.analytics.predict.EngagementPrediction;
import ai.maily.mesh.analytics.predict.FtrlSettings;
import ai.maily.mesh.analytics.predict.HistorySettings;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.jdbc.ConnectionPools;
import ai.maily.mesh.core.jdbc.Database;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The learned open and click models (ADR 0035, issue 19): a second projection of the {@link
 * EngagementStore}, beside the counts, that feeds every contact's events to its tenant's {@link
 * EngagementLearner} in offset order and keeps what it learned:
 *
 * <pre>
 * analytics_contact_history  (tenant, contact_id, state): each contact's {@link ContactHistory}
 * analytics_engagement_model (tenant, state): each tenant's {@link EngagementModelState}
 * analytics_projection_offset (name = 'engagement-model', last_offset)
 * </pre>
 *
 * <p>States are stored as CBOR of the same Jackson mapping as the APIs' JSON, which round-trips
 * them exactly ({@code AnalyticsSerializationTest}). {@link #project} runs one transaction per
 * batch: it locks its offset row, reads the batch's contacts' histories (one query per {@value
 * #CHUNK} contacts) and tenants' models, learns from the events in memory, writes every touched
 * state once in JDBC batches and moves the offset. A failed batch learns nothing, a restart resumes
 * at the offset and a second projector waits on the lock, so every send is learned from exactly
 * once; its offset and transactions are its own, so the counts never wait for it.
 *
 * <p>A contact's state is bounded: at most {@link HistorySettings#maxPending} sends are followed,
 * the rest are counts and fixed-size histograms. Hours of the week are UTC (the events carry no
 * time zone) and the segment's hour affinity is not fed (no segment histograms are kept here). A
 * send is learned from when the contact's next event comes after its attribution window closes; the
 * prediction resolves a contact's due sends on read, so its features are current either way.
 */
public final class EngagementModelProjection implements Projection, AutoCloseable {

  /** The name of the projection's offset row. */
  public static final String PROJECTION = "engagement-model";

  /** The most contacts one history query asks for (2 parameters each). */
  static final int CHUNK = 250;

  private static final String HISTORIES = "analytics_contact_history";
  private static final String MODELS = "analytics_engagement_model";
  private static final ObjectMapper CBOR = Json.MAPPER.copyWith(new CBORFactory());

  private final HikariDataSource pool;
  private final StateTable<ContactHistory> histories =
      new StateTable<>(HISTORIES, List.of("tenant", "contact_id"), ContactHistory.class);
  private final StateTable<EngagementModelState> models =
      new StateTable<>(MODELS, List.of("tenant"), EngagementModelState.class);
  private final EngagementFeatures features;
  private final FtrlSettings ftrl;
  private final HistorySettings history;

  private EngagementModelProjection(
      HikariDataSource pool,
      EngagementFeatures features,
      FtrlSettings ftrl,
      HistorySettings history) {
    this.pool = pool;
    this.features = features;
    this.ftrl = ftrl;
    this.history = history;
  }

  /**
   * Opens a pool of {@code poolSize} connections on {@code database} and creates the tables where
   * they are missing; new tenants' models use the defaults of ADR 0033 without subject embeddings.
   *
   * @throws IllegalStateException if the database cannot be reached or the tables not created
   */
  public static EngagementModelProjection open(Database database, int poolSize) {
    String bytes =
        switch (database.engine()) {
          case POSTGRESQL -> "BYTEA";
          case H2 -> "VARBINARY";
        };
    List<String> schema =
        new ArrayList<>(
            List.of(
                "CREATE TABLE IF NOT EXISTS "
                    + HISTORIES
                    + " (tenant VARCHAR(128) NOT NULL, contact_id VARCHAR(128) NOT NULL, state "
                    + bytes
                    + " NOT NULL, PRIMARY KEY (tenant, contact_id))",
                "CREATE TABLE IF NOT EXISTS "
                    + MODELS
                    + " (tenant VARCHAR(128) NOT NULL PRIMARY KEY, state "
                    + bytes
                    + " NOT NULL)"));
    schema.addAll(ProjectionOffsets.create(database.engine(), PROJECTION));
    return new EngagementModelProjection(
        ConnectionPools.open(
            "analytics-engagement-model",
            database.url(),
            database.user(),
            database.password(),
            poolSize,
            schema.toArray(String[]::new)),
        EngagementFeatures.withEmbedding(0),
        FtrlSettings.DEFAULTS,
        HistorySettings.DEFAULTS);
  }

  /**
   * Learns from up to {@code limit} events of {@code store} that follow the projection's offset,
   * and moves the offset past them, in one transaction.
   *
   * @return how many events were read (0 when up to date) and the offset reached; no campaigns
   * @throws IllegalStateException when the database fails; nothing was learned
   */
  @Override
  public ProjectedBatch project(EngagementStore store, int limit) {
    return ProjectionOffsets.project(
        pool,
        PROJECTION,
        "learn from the engagement events",
        store,
        limit,
        (connection, events) -> {
          Set<List<String>> contacts = new LinkedHashSet<>();
          Set<List<String>> tenants = new LinkedHashSet<>();
          for (StoredEvent stored : events) {
            contacts.add(contactKey(stored.event()));
            tenants.add(List.of(stored.event().tenant()));
          }
          Map<List<String>, ContactHistory> storedHistories = histories.read(connection, contacts);
          Map<List<String>, EngagementModelState> storedModels = models.read(connection, tenants);
          Map<List<String>, ContactHistory> touched = new LinkedHashMap<>();
          Map<List<String>, EngagementLearner> learners = new LinkedHashMap<>();
          for (StoredEvent stored : events) {
            EngagementEvent event = stored.event();
            Optional<ContactEvent> observed = contactEvent(event);
            if (observed.isEmpty()) {
              continue;
            }
            EngagementLearner learner =
                learners.computeIfAbsent(
                    List.of(event.tenant()),
                    tenant ->
                        new EngagementLearner(
                            storedModels.containsKey(tenant)
                                ? EngagementModel.restore(storedModels.get(tenant))
                                : EngagementModel.create(features, ftrl),
                            history));
            List<String> key = contactKey(event);
            ContactHistory before =
                touched.getOrDefault(
                    key, storedHistories.getOrDefault(key, ContactHistory.empty(ZoneOffset.UTC)));
            touched.put(key, learner.observe(before, observed.get(), null).history());
          }
          histories.write(connection, touched, storedHistories.keySet());
          Map<List<String>, EngagementModelState> learned = new LinkedHashMap<>();
          learners.forEach((tenant, learner) -> learned.put(tenant, learner.model().snapshot()));
          models.write(connection, learned, storedModels.keySet());
          return Set.of();
        });
  }

  /** The last store offset the learner has learned from. */
  public long offset() {
    try (Connection connection = pool.getConnection()) {
      return ProjectionOffsets.read(connection, PROJECTION, false);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the learner's offset", e);
    }
  }

  /**
   * What the tenant's learned model expects of a send to the contact at {@code sendAt}, from the
   * contact's stored history (its sends due by then resolved), or empty when the learner has seen
   * nothing of the contact.
   */
  public Optional<LearnedPrediction> predict(String tenant, String contactId, Instant sendAt) {
    List<String> key = List.of(tenant, contactId);
    try (Connection connection = pool.getConnection()) {
      long offset = ProjectionOffsets.read(connection, PROJECTION, false);
      ContactHistory contact = histories.read(connection, List.of(key)).get(key);
      EngagementModelState model =
          models.read(connection, List.of(List.of(tenant))).get(List.of(tenant));
      if (contact == null || model == null) {
        return Optional.empty();
      }
      EngagementLearner learner = new EngagementLearner(EngagementModel.restore(model), history);
      EngagementPrediction p =
          learner.predict(contact.resolveDue(sendAt, history).history(), sendAt, null, null);
      return Optional.of(
          new LearnedPrediction(
              p.open(), p.click(), learner.model().openModel().examples(), offset));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the learned model of " + contactId, e);
    }
  }

  /** The tenant's learned model, or empty before the learner has seen any of its contacts. */
  public Optional<EngagementModelState> model(String tenant) {
    try (Connection connection = pool.getConnection()) {
      return Optional.ofNullable(
          models.read(connection, List.of(List.of(tenant))).get(List.of(tenant)));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the learned model of " + tenant, e);
    }
  }

  private static List<String> contactKey(EngagementEvent event) {
    return List.of(event.tenant(), event.contactId());
  }

  /**
   * The event in the learner's words, or empty for those that say nothing about the contact's
   * engagement (a delivery, a certificate check) or that need a campaign and have none.
   */
  static Optional<ContactEvent> contactEvent(EngagementEvent event) {
    Instant at = event.occurredAt();
    Optional<String> campaign = event.campaign();
    return switch (event.type()) {
      case SENT -> campaign.map(id -> new ContactEvent.Sent(id, at, null));
      case OPEN -> campaign.map(id -> new ContactEvent.Opened(id, at));
      case CLICK ->
          campaign
              .<ContactEvent>map(id -> new ContactEvent.Clicked(id, at))
              .or(
                  () ->
                      Optional.of(
                          switch (event.channel()) {
                            case SOCIAL -> new ContactEvent.Interacted(at);
                            default -> new ContactEvent.Visited(at);
                          }));
      case BOUNCE -> Optional.of(new ContactEvent.Bounced(at));
      case UNSUBSCRIBE -> Optional.of(new ContactEvent.Unsubscribed(at));
      case COMPLAINT -> Optional.of(new ContactEvent.Complained(at));
      case VISIT -> Optional.of(new ContactEvent.Visited(at));
      case LIKE, SHARE -> Optional.of(new ContactEvent.Interacted(at));
      case DELIVERED, VERIFY -> Optional.empty();
    };
  }

  /**
   * A table of states stored as CBOR under a key of text columns: read for a batch's keys with one
   * query per {@value #CHUNK}, written back with one statement per changed state in JDBC batches.
   */
  private static final class StateTable<T> {
    private final String table;
    private final List<String> keyColumns;
    private final Class<T> type;

    StateTable(String table, List<String> keyColumns, Class<T> type) {
      this.table = table;
      this.keyColumns = keyColumns;
      this.type = type;
    }

    /** The stored states at {@code keys}; keys without one are absent. */
    Map<List<String>, T> read(Connection connection, Collection<List<String>> keys)
        throws SQLException {
      Map<List<String>, T> states = new HashMap<>();
      List<List<String>> wanted = new ArrayList<>(keys);
      String columns = String.join(", ", keyColumns);
      String tuple = "(" + String.join(", ", Collections.nCopies(keyColumns.size(), "?")) + ")";
      for (int from = 0; from < wanted.size(); from += CHUNK) {
        List<List<String>> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK));
        String sql =
            "SELECT "
                + columns
                + ", state FROM "
                + table
                + " WHERE ("
                + columns
                + ") IN ("
                + String.join(", ", Collections.nCopies(chunk.size(), tuple))
                + ")";
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          int p = 0;
          for (List<String> key : chunk) {
            for (String part : key) {
              select.setString(++p, part);
            }
          }
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              List<String> key = new ArrayList<>(keyColumns.size());
              for (int i = 1; i <= keyColumns.size(); i++) {
                key.add(rows.getString(i));
              }
              states.put(List.copyOf(key), decode(rows.getBytes(keyColumns.size() + 1)));
            }
          }
        }
      }
      return states;
    }

    /** Writes {@code states}: an UPDATE for the keys in {@code stored}, an INSERT for the rest. */
    void write(Connection connection, Map<List<String>, T> states, Set<List<String>> stored)
        throws SQLException {
      String where = String.join(" = ? AND ", keyColumns) + " = ?";
      String columns = String.join(", ", keyColumns);
      try (PreparedStatement update =
              connection.prepareStatement("UPDATE " + table + " SET state = ? WHERE " + where);
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " (state, "
                      + columns
                      + ") VALUES (?"
                      + ", ?".repeat(keyColumns.size())
                      + ")")) {
        for (Map.Entry<List<String>, T> state : states.entrySet()) {
          PreparedStatement statement = stored.contains(state.getKey()) ? update : insert;
          statement.setBytes(1, encode(state.getValue()));
          for (int i = 0; i < keyColumns.size(); i++) {
            statement.setString(i + 2, state.getKey().get(i));
          }
          statement.addBatch();
        }
        update.executeBatch();
        insert.executeBatch();
      }
    }

    private byte[] encode(T state) {
      try {
        return CBOR.writeValueAsBytes(state);
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode a " + type.getSimpleName(), e);
      }
    }

    private T decode(byte[] bytes) {
      try {
        return CBOR.readValue(bytes, type);
      } catch (IOException e) {
        throw new IllegalStateException("cannot decode a stored " + type.getSimpleName(), e);
      }
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
