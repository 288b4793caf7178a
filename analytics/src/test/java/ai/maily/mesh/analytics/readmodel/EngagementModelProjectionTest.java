package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
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
import ai.maily.mesh.analytics.synthetic.SyntheticDataset;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.TimedEvent;
import ai.maily.mesh.analytics.synthetic.SyntheticSettings;
import ai.maily.mesh.analytics.synthetic.SyntheticWorld;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's projection learns from every event exactly once — the same model and histories as
 * one pass of {@link EngagementLearner} over the events in memory — through reopens, failed
 * batches, racing projectors and tenants side by side, and what it learns ranks contacts by how
 * they engage.
 */
class EngagementModelProjectionTest {

  private static final SyntheticDataset SMALL =
      SyntheticWorld.generate(SyntheticSettings.EVALUATION.withSize(60, 4, 2));

  @TempDir Path dir;

  private Database h2(String name) {
    return Database.at("jdbc:h2:file:" + dir.resolve(name) + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  /** The synthetic world's events as the ingestion stores them, for {@code tenant}. */
  static List<EngagementEvent> events(
      String tenant, SyntheticDataset data, Predicate<ContactEvent> keep) {
    List<EngagementEvent> events = new ArrayList<>();
    int seq = 0;
    for (TimedEvent timed : data.events()) {
      ContactEvent event = timed.event();
      if (!keep.test(event)) {
        continue;
      }
      String id = tenant + "-" + ++seq;
      String contact = "contact-" + timed.contact();
      Instant at = event.at();
      EngagementEvent stored;
      if (event instanceof ContactEvent.Sent s) {
        stored = email(id, tenant, contact, s.campaignId(), EngagementType.SENT, at);
      } else if (event instanceof ContactEvent.Opened o) {
        stored = email(id, tenant, contact, o.campaignId(), EngagementType.OPEN, at);
      } else if (event instanceof ContactEvent.Clicked c) {
        stored = email(id, tenant, contact, c.campaignId(), EngagementType.CLICK, at);
      } else if (event instanceof ContactEvent.Bounced) {
        stored = email(id, tenant, contact, null, EngagementType.BOUNCE, at);
      } else if (event instanceof ContactEvent.Unsubscribed) {
        stored = email(id, tenant, contact, null, EngagementType.UNSUBSCRIBE, at);
      } else if (event instanceof ContactEvent.Complained) {
        stored = email(id, tenant, contact, null, EngagementType.COMPLAINT, at);
      } else if (event instanceof ContactEvent.Visited) {
        stored =
            new EngagementEvent(
                id, tenant, contact, null, Channel.WEB, EngagementType.VISIT, at, "{}");
      } else {
        stored =
            new EngagementEvent(
                id, tenant, contact, null, Channel.SOCIAL, EngagementType.LIKE, at, "{}");
      }
      events.add(stored);
    }
    return events;
  }

  private static EngagementEvent email(
      String id, String tenant, String contact, String campaign, EngagementType type, Instant at) {
    return new EngagementEvent(id, tenant, contact, campaign, Channel.EMAIL, type, at, "{}");
  }

  /** One pass of a learner per tenant over {@code events}, in memory. */
  private static final class Replay {
    final Map<String, EngagementLearner> learners = new HashMap<>();
    final Map<List<String>, ContactHistory> histories = new HashMap<>();

    Replay(List<EngagementEvent> events) {
      for (EngagementEvent event : events) {
        EngagementModelProjection.contactEvent(event)
            .ifPresent(
                observed -> {
                  EngagementLearner learner =
                      learners.computeIfAbsent(
                          event.tenant(),
                          t ->
                              new EngagementLearner(
                                  EngagementModel.create(
                                      EngagementFeatures.withEmbedding(0), FtrlSettings.DEFAULTS),
                                  HistorySettings.DEFAULTS));
                  List<String> key = List.of(event.tenant(), event.contactId());
                  ContactHistory before =
                      histories.getOrDefault(key, ContactHistory.empty(ZoneOffset.UTC));
                  histories.put(key, learner.observe(before, observed, null).history());
                });
      }
    }

    EngagementPrediction predict(String tenant, String contact, Instant at) {
      ContactHistory history =
          histories
              .get(List.of(tenant, contact))
              .resolveDue(at, HistorySettings.DEFAULTS)
              .history();
      return learners.get(tenant).predict(history, at, null, null);
    }
  }

  /** The projection knows what the replay knows: the same models and every contact's history. */
  private static void assertLearnedAsReplay(
      EngagementModelProjection projection, Replay replay, SyntheticDataset data) {
    Instant at = data.end();
    for (Map.Entry<String, EngagementLearner> tenant : replay.learners.entrySet()) {
      assertThat(projection.model(tenant.getKey())).contains(tenant.getValue().model().snapshot());
      for (SyntheticDataset.Contact contact : data.contacts()) {
        String id = "contact-" + contact.id();
        if (!replay.histories.containsKey(List.of(tenant.getKey(), id))) {
          continue;
        }
        EngagementPrediction expected = replay.predict(tenant.getKey(), id, at);
        LearnedPrediction learned = projection.predict(tenant.getKey(), id, at).orElseThrow();
        assertThat(learned.openProbability()).isEqualTo(expected.open());
        assertThat(learned.clickProbability()).isEqualTo(expected.click());
        assertThat(learned.sendsLearned())
            .isEqualTo(tenant.getValue().model().openModel().examples());
      }
    }
  }

  private static void drain(EngagementModelProjection projection, EngagementStore store) {
    while (projection.project(store, 37).events() > 0) {
      // each round is its own transaction
    }
  }

  @Test
  void aReopenedLearnerLearnsEachEventOnceAsOnePassWould() {
    List<EngagementEvent> events = events("acme", SMALL, e -> true);
    Replay replay = new Replay(events);
    assertThat(replay.learners.get("acme").model().openModel().examples()).isGreaterThan(100);
    Database h2 = h2("reopen");
    try (EngagementStore store = EngagementStore.open(h2, 2)) {
      int half = events.size() / 2;
      store.write(events.subList(0, half));
      try (EngagementModelProjection projection = EngagementModelProjection.open(h2, 2)) {
        drain(projection, store);
        assertThat(projection.offset()).isEqualTo(half);
      }
      // Duplicates of the first half arrive again with the rest: the store drops them.
      store.write(events);
      try (EngagementModelProjection projection = EngagementModelProjection.open(h2, 2)) {
        assertThat(projection.offset()).isEqualTo(half);
        drain(projection, store);
        assertThat(projection.offset()).isEqualTo(store.lastOffset());
        assertThat(projection.project(store, 37).events()).isZero();
        assertLearnedAsReplay(projection, replay, SMALL);
      }
    }
  }

  @Test
  void aFailedBatchLearnsNothingAndTheNextOneLearnsItAll() throws Exception {
    List<EngagementEvent> acme = events("acme", SMALL, e -> true);
    List<EngagementEvent> globex = events("globex", SMALL, e -> true);
    int half = acme.size() / 2;
    Database h2 = h2("failure");
    try (EngagementStore store = EngagementStore.open(h2, 2);
        EngagementModelProjection projection = EngagementModelProjection.open(h2, 2)) {
      store.write(acme.subList(0, half));
      drain(projection, store);
      EngagementModelState before = projection.model("acme").orElseThrow();
      LearnedPrediction contact = projection.predict("acme", "contact-0", SMALL.end()).get();
      List<EngagementEvent> rest = new ArrayList<>(acme.subList(half, acme.size()));
      rest.addAll(globex);
      store.write(rest);
      // globex's model cannot be written: the batch fails after acme's states were.
      try (Connection connection = DriverManager.getConnection(h2.url(), h2.user(), "");
          Statement statement = connection.createStatement()) {
        statement.execute(
            "ALTER TABLE analytics_engagement_model ADD CONSTRAINT no_globex"
                + " CHECK (tenant <> 'globex')");
        assertThatThrownBy(() -> projection.project(store, 100_000))
            .isInstanceOf(IllegalStateException.class);

        assertThat(projection.offset()).isEqualTo(half);
        assertThat(projection.model("acme")).contains(before);
        assertThat(projection.predict("acme", "contact-0", SMALL.end())).contains(contact);
        assertThat(projection.predict("globex", "contact-0", SMALL.end())).isEmpty();

        statement.execute("ALTER TABLE analytics_engagement_model DROP CONSTRAINT no_globex");
      }
      drain(projection, store);
      assertLearnedAsReplay(projection, new Replay(acme), SMALL);
      assertLearnedAsReplay(projection, new Replay(globex), SMALL);
    }
  }

  @Test
  void projectorsRacingOnOneH2DatabaseLearnEachEventOnce() throws Exception {
    race(h2("race"));
  }

  @Test
  void projectorsRacingOnOnePostgresDatabaseLearnEachEventOnce() throws Exception {
    LocalServices.requirePostgres();
    String schema = LocalServices.createPostgresSchema("analytics_learner");
    try {
      race(Database.at(LocalServices.postgresUrlInSchema(schema), LocalServices.POSTGRES_USER, ""));
    } finally {
      LocalServices.dropPostgresSchema(schema);
    }
  }

  private static void race(Database database) throws Exception {
    List<EngagementEvent> events = events("acme", SMALL, e -> true);
    try (EngagementStore store = EngagementStore.open(database, 2);
        EngagementModelProjection first = EngagementModelProjection.open(database, 2);
        EngagementModelProjection second = EngagementModelProjection.open(database, 2)) {
      store.write(events);
      CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(first, store));
      CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(second, store));
      CompletableFuture.allOf(a, b).get();
      assertThat(second.offset()).isEqualTo(store.lastOffset());
      assertLearnedAsReplay(first, new Replay(events), SMALL);
    }
  }

  @Test
  void tenantsLearnTheirOwnModelsAndHistories() {
    // The same contacts and sends; globex's contacts never open or click.
    List<EngagementEvent> acme = events("acme", SMALL, e -> true);
    List<EngagementEvent> globex =
        events(
            "globex",
            SMALL,
            e -> !(e instanceof ContactEvent.Opened || e instanceof ContactEvent.Clicked));
    List<EngagementEvent> interleaved = new ArrayList<>();
    for (int i = 0; i < Math.max(acme.size(), globex.size()); i++) {
      if (i < acme.size()) {
        interleaved.add(acme.get(i));
      }
      if (i < globex.size()) {
        interleaved.add(globex.get(i));
      }
    }
    Database h2 = h2("tenants");
    try (EngagementStore store = EngagementStore.open(h2, 2);
        EngagementModelProjection projection = EngagementModelProjection.open(h2, 2)) {
      store.write(interleaved);
      drain(projection, store);

      assertLearnedAsReplay(projection, new Replay(acme), SMALL);
      assertLearnedAsReplay(projection, new Replay(globex), SMALL);
      assertThat(projection.model("initech")).isEmpty();
      assertThat(projection.predict("initech", "contact-0", SMALL.end())).isEmpty();
      LearnedPrediction acme0 = projection.predict("acme", "contact-0", SMALL.end()).orElseThrow();
      LearnedPrediction globex0 =
          projection.predict("globex", "contact-0", SMALL.end()).orElseThrow();
      assertThat(globex0.openProbability()).isLessThan(acme0.openProbability());
    }
  }

  @Test
  void contactsWhoOpenMoreGetAHigherLearnedOpenProbabilityThanThoseWhoNeverOpen() {
    SyntheticDataset data =
        SyntheticWorld.generate(SyntheticSettings.EVALUATION.withSize(300, 6, 2));
    List<EngagementEvent> events = events("acme", data, e -> true);
    Map<String, Integer> opens = new HashMap<>();
    Map<String, Integer> sends = new HashMap<>();
    for (EngagementEvent event : events) {
      Consumer<Map<String, Integer>> count = m -> m.merge(event.contactId(), 1, Integer::sum);
      if (event.type() == EngagementType.OPEN) {
        count.accept(opens);
      } else if (event.type() == EngagementType.SENT) {
        count.accept(sends);
      }
    }
    Database h2 = h2("synthetic");
    try (EngagementStore store = EngagementStore.open(h2, 2);
        EngagementModelProjection projection = EngagementModelProjection.open(h2, 2)) {
      store.write(events);
      while (projection.project(store, 1000).events() > 0) {
        // up to date
      }
      double openers = 0;
      double ignorers = 0;
      int openerCount = 0;
      int ignorerCount = 0;
      for (Map.Entry<String, Integer> sent : sends.entrySet()) {
        if (sent.getValue() < 5) {
          continue;
        }
        int opened = opens.getOrDefault(sent.getKey(), 0);
        double p =
            projection.predict("acme", sent.getKey(), data.end()).orElseThrow().openProbability();
        if (opened == 0) {
          ignorers += p;
          ignorerCount++;
        } else if (opened * 2 >= sent.getValue()) {
          openers += p;
          openerCount++;
        }
      }
      assertThat(openerCount).isGreaterThan(10);
      assertThat(ignorerCount).isGreaterThan(10);
      assertThat(openers / openerCount).isGreaterThan(ignorers / ignorerCount + 0.2);
    }
  }
}
