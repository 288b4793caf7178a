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
import java.util.HashSet;
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
  private static final String OFFSETS = "analytics_projection_offset";
  private static final ObjectMapper CBOR = Json.MAPPER.copyWith(new CBORFactory());

  private final HikariDataSource pool;
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
    String createOffset =
        switch (database.engine()) {
          case POSTGRESQL ->
              "INSERT INTO "
                  + OFFSETS
                  + " (name, last_offset) VALUES ('"
                  + PROJECTION
                  + "', 0) ON CONFLICT DO NOTHING";
          case H2 ->
              "INSERT INTO "
                  + OFFSETS
                  + " (name, last_offset) SELECT '"
                  + PROJECTION
                  + "', 0 WHERE NOT EXISTS (SELECT 1 FROM "
                  + OFFSETS
                  + " WHERE name = '"
                  + PROJECTION
                  + "')";
        };
    return new EngagementModelProjection(
        ConnectionPools.open(
            "analytics-engagement-model",
            database.url(),
            database.user(),
            database.password(),
            poolSize,
            "CREATE TABLE IF NOT EXISTS "
                + HISTORIES
                + " (tenant VARCHAR(128) NOT NULL, contact_id VARCHAR(128) NOT NULL, state "
                + bytes
                + " NOT NULL, PRIMARY KEY (tenant, contact_id))",
            "CREATE TABLE IF NOT EXISTS "
                + MODELS
                + " (tenant VARCHAR(128) NOT NULL PRIMARY KEY, state "
                + bytes
                + " NOT NULL)",
            "CREATE TABLE IF NOT EXISTS "
                + OFFSETS
                + " (name VARCHAR(128) NOT NULL PRIMARY KEY, last_offset BIGINT NOT NULL)",
            createOffset),
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
    ProjectedBatch[] projected = {null};
    ConnectionPools.inTransaction(
        pool,
        "learn from the engagement events",
        connection -> {
          long offset = readOffset(connection, true);
          List<StoredEvent> events = store.after(offset, limit);
          if (events.isEmpty()) {
            projected[0] = new ProjectedBatch(0, offset, Set.of());
            return;
          }
          Map<ContactKey, ContactHistory> histories = readHistories(connection, contacts(events));
          Set<ContactKey> storedHistories = new HashSet<>(histories.keySet());
          Map<String, EngagementLearner> learners = readLearners(connection, tenants(events));
          Set<String> storedModels = new HashSet<>(learners.keySet());
          Set<ContactKey> touched = new LinkedHashSet<>();
          for (StoredEvent stored : events) {
            EngagementEvent event = stored.event();
            Optional<ContactEvent> observed = contactEvent(event);
            if (observed.isEmpty()) {
              continue;
            }
            ContactKey key = new ContactKey(event.tenant(), event.contactId());
            EngagementLearner learner =
                learners.computeIfAbsent(
                    event.tenant(),
                    tenant ->
                        new EngagementLearner(EngagementModel.create(features, ftrl), history));
            ContactHistory before =
                histories.getOrDefault(key, ContactHistory.empty(ZoneOffset.UTC));
            histories.put(key, learner.observe(before, observed.get(), null).history());
            touched.add(key);
          }
          writeHistories(connection, histories, touched, storedHistories);
          writeModels(connection, learners, storedModels);
          long last = events.get(events.size() - 1).offset();
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE " + OFFSETS + " SET last_offset = ? WHERE name = ?")) {
            update.setLong(1, last);
            update.setString(2, PROJECTION);
            update.executeUpdate();
          }
          projected[0] = new ProjectedBatch(events.size(), last, Set.of());
        });
    return projected[0];
  }

  /** The last store offset the learner has learned from. */
  public long offset() {
    try (Connection connection = pool.getConnection()) {
      return readOffset(connection, false);
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
    ContactKey key = new ContactKey(tenant, contactId);
    try (Connection connection = pool.getConnection()) {
      long offset = readOffset(connection, false);
      ContactHistory contact = readHistories(connection, List.of(key)).get(key);
      EngagementModelState model = readStates(connection, List.of(tenant)).get(tenant);
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
      return Optional.ofNullable(readStates(connection, List.of(tenant)).get(tenant));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the learned model of " + tenant, e);
    }
  }

  /** A tenant's contact. */
  private record ContactKey(String tenant, String contactId) {}

  private static Set<ContactKey> contacts(List<StoredEvent> events) {
    Set<ContactKey> keys = new LinkedHashSet<>();
    for (StoredEvent stored : events) {
      if (contactEvent(stored.event()).isPresent()) {
        keys.add(new ContactKey(stored.event().tenant(), stored.event().contactId()));
      }
    }
    return keys;
  }

  private static Set<String> tenants(List<StoredEvent> events) {
    Set<String> tenants = new LinkedHashSet<>();
    for (StoredEvent stored : events) {
      tenants.add(stored.event().tenant());
    }
    return tenants;
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

  private static Map<ContactKey, ContactHistory> readHistories(
      Connection connection, Collection<ContactKey> keys) throws SQLException {
    Map<ContactKey, ContactHistory> histories = new HashMap<>();
    List<ContactKey> wanted = new ArrayList<>(keys);
    for (int from = 0; from < wanted.size(); from += CHUNK) {
      List<ContactKey> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK));
      StringBuilder sql =
          new StringBuilder("SELECT tenant, contact_id, state FROM ")
              .append(HISTORIES)
              .append(" WHERE (tenant, contact_id) IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
      }
      sql.append(')');
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        int p = 0;
        for (ContactKey key : chunk) {
          select.setString(++p, key.tenant());
          select.setString(++p, key.contactId());
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            histories.put(
                new ContactKey(rows.getString(1), rows.getString(2)),
                decode(rows.getBytes(3), ContactHistory.class));
          }
        }
      }
    }
    return histories;
  }

  private Map<String, EngagementLearner> readLearners(Connection connection, Set<String> tenants)
      throws SQLException {
    Map<String, EngagementLearner> learners = new LinkedHashMap<>();
    readStates(connection, tenants)
        .forEach(
            (tenant, state) ->
                learners.put(
                    tenant, new EngagementLearner(EngagementModel.restore(state), history)));
    return learners;
  }

  private static Map<String, EngagementModelState> readStates(
      Connection connection, Collection<String> tenants) throws SQLException {
    Map<String, EngagementModelState> states = new HashMap<>();
    List<String> wanted = new ArrayList<>(tenants);
    for (int from = 0; from < wanted.size(); from += CHUNK) {
      List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK));
      String sql =
          "SELECT tenant, state FROM "
              + MODELS
              + " WHERE tenant IN ("
              + String.join(", ", Collections.nCopies(chunk.size(), "?"))
              + ")";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            states.put(rows.getString(1), decode(rows.getBytes(2), EngagementModelState.class));
          }
        }
      }
    }
    return states;
  }

  private static void writeHistories(
      Connection connection,
      Map<ContactKey, ContactHistory> histories,
      Set<ContactKey> touched,
      Set<ContactKey> stored)
      throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE " + HISTORIES + " SET state = ? WHERE tenant = ? AND contact_id = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + HISTORIES + " (state, tenant, contact_id) VALUES (?, ?, ?)")) {
      for (ContactKey key : touched) {
        PreparedStatement statement = stored.contains(key) ? update : insert;
        statement.setBytes(1, encode(histories.get(key)));
        statement.setString(2, key.tenant());
        statement.setString(3, key.contactId());
        statement.addBatch();
      }
      update.executeBatch();
      insert.executeBatch();
    }
  }

  private static void writeModels(
      Connection connection, Map<String, EngagementLearner> learners, Set<String> stored)
      throws SQLException {
    try (PreparedStatement update =
            connection.prepareStatement("UPDATE " + MODELS + " SET state = ? WHERE tenant = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO " + MODELS + " (state, tenant) VALUES (?, ?)")) {
      for (Map.Entry<String, EngagementLearner> entry : learners.entrySet()) {
        PreparedStatement statement = stored.contains(entry.getKey()) ? update : insert;
        statement.setBytes(1, encode(entry.getValue().model().snapshot()));
        statement.setString(2, entry.getKey());
        statement.addBatch();
      }
      update.executeBatch();
      insert.executeBatch();
    }
  }

  private static long readOffset(Connection connection, boolean lock) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT last_offset FROM "
                + OFFSETS
                + " WHERE name = ?"
                + (lock ? " FOR UPDATE" : ""))) {
      select.setString(1, PROJECTION);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException(OFFSETS + " has lost the row of " + PROJECTION);
        }
        return row.getLong(1);
      }
    }
  }

  private static byte[] encode(Object state) {
    try {
      return CBOR.writeValueAsBytes(state);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + state.getClass().getSimpleName(), e);
    }
  }

  private static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return CBOR.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalStateException("cannot decode a stored " + type.getSimpleName(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
