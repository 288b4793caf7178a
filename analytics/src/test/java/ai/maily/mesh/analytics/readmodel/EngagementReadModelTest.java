package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngagementReadModelTest {

  // A Tuesday, 09:15 UTC: hour of the week 33.
  private static final Instant AT = Instant.parse("2026-03-03T09:15:00Z");

  @TempDir Path dir;

  private Database h2() {
    return Database.at(
        "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  private static int seq;

  private static EngagementEvent event(
      String tenant, String contact, String campaign, Channel channel, EngagementType type) {
    return event("e" + ++seq, tenant, contact, campaign, channel, type);
  }

  private static EngagementEvent event(
      String id,
      String tenant,
      String contact,
      String campaign,
      Channel channel,
      EngagementType type) {
    return new EngagementEvent(id, tenant, contact, campaign, channel, type, AT, "{}");
  }

  /**
   * acme's spring campaign: 4 sent, 3 delivered, 1 bounce; c1 opens 3 times and clicks twice by
   * email and once on the web; c2 opens once; c3 unsubscribes and complains. globex has its own
   * spring campaign with one open.
   */
  private static List<EngagementEvent> campaign() {
    List<EngagementEvent> events = new ArrayList<>();
    for (String contact : List.of("c1", "c2", "c3", "c4")) {
      events.add(event("acme", contact, "spring", Channel.EMAIL, EngagementType.SENT));
    }
    for (String contact : List.of("c1", "c2", "c3")) {
      events.add(event("acme", contact, "spring", Channel.EMAIL, EngagementType.DELIVERED));
    }
    events.add(event("acme", "c4", "spring", Channel.EMAIL, EngagementType.BOUNCE));
    for (int i = 0; i < 3; i++) {
      events.add(event("acme", "c1", "spring", Channel.EMAIL, EngagementType.OPEN));
    }
    events.add(event("acme", "c2", "spring", Channel.EMAIL, EngagementType.OPEN));
    events.add(event("acme", "c1", "spring", Channel.EMAIL, EngagementType.CLICK));
    events.add(event("acme", "c1", "spring", Channel.EMAIL, EngagementType.CLICK));
    events.add(event("acme", "c1", "spring", Channel.WEB, EngagementType.CLICK));
    events.add(event("acme", "c3", "spring", Channel.EMAIL, EngagementType.UNSUBSCRIBE));
    events.add(event("acme", "c3", "spring", Channel.EMAIL, EngagementType.COMPLAINT));
    events.add(event("acme", "c1", null, Channel.WEB, EngagementType.VISIT));
    events.add(event("globex", "c1", "spring", Channel.EMAIL, EngagementType.OPEN));
    return events;
  }

  private static void assertSpring(EngagementReadModel readModel) {
    CampaignAnalytics spring = readModel.campaign("acme", "spring").orElseThrow();
    assertThat(spring.counts()).isEqualTo(new EngagementCounts(4, 3, 4, 2, 3, 1, 1, 1, 1));
    assertThat(RateMetric.OPEN.of(spring.counts()).rate()).isEqualTo(2.0 / 3);
    assertThat(RateMetric.CLICK.of(spring.counts()).rate()).isEqualTo(1.0 / 3);
    assertThat(RateMetric.BOUNCE.of(spring.counts()).rate()).isEqualTo(0.25);
    assertThat(spring.byChannel())
        .isEqualTo(
            Map.of(
                Channel.EMAIL,
                new EngagementCounts(4, 3, 4, 2, 2, 1, 1, 1, 1),
                Channel.WEB,
                new EngagementCounts(0, 0, 0, 0, 1, 1, 0, 0, 0)));
    assertThat(readModel.campaign("globex", "spring").orElseThrow().counts())
        .isEqualTo(new EngagementCounts(0, 0, 1, 1, 0, 0, 0, 0, 0));
    assertThat(readModel.campaign("acme", "autumn")).isEmpty();

    ContactSummary c1 = readModel.contact("acme", "c1").orElseThrow();
    int hour = HourOfWeek.of(AT, ZoneOffset.UTC);
    assertThat(hour).isEqualTo(33);
    assertThat(c1.sends()).isEqualTo(1);
    assertThat(c1.opens()).isEqualTo(3);
    assertThat(c1.clicks()).isEqualTo(3);
    assertThat(c1.opensByHour()[hour]).isEqualTo(3);
    assertThat(c1.opensByHour()[hour + 1]).isZero();
    assertThat(readModel.contact("globex", "c1").orElseThrow().opens()).isEqualTo(1);
    assertThat(readModel.contact("acme", "nobody")).isEmpty();
  }

  @Test
  void countsEveryEventOnceWithUniquesPerContactAndChannel() {
    try (EngagementStore store = EngagementStore.open(h2(), 2);
        EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
      List<EngagementEvent> events = campaign();
      store.write(events);
      // Duplicates arrive again: the store drops them, so the read model never sees them.
      store.write(events.subList(0, 5));

      int applied = 0;
      int round;
      while ((round = readModel.project(store, 3).events()) > 0) {
        assertThat(round).isLessThanOrEqualTo(3);
        applied += round;
      }

      assertThat(applied).isEqualTo(events.size());
      assertThat(readModel.offset()).isEqualTo(store.lastOffset());
      assertSpring(readModel);
    }
  }

  @Test
  void aRoundReportsTheCampaignsItChanged() {
    try (EngagementStore store = EngagementStore.open(h2(), 2);
        EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
      List<EngagementEvent> events = campaign();
      store.write(events);

      ProjectedBatch round = readModel.project(store, 100);
      assertThat(round.events()).isEqualTo(events.size());
      assertThat(round.offset()).isEqualTo(store.lastOffset());
      assertThat(round.campaigns())
          .containsExactlyInAnyOrder(
              new CampaignKey("acme", "spring"), new CampaignKey("globex", "spring"));

      store.write(List.of(event("acme", "c1", null, Channel.WEB, EngagementType.VISIT)));
      ProjectedBatch visit = readModel.project(store, 100);
      assertThat(visit.events()).isEqualTo(1);
      assertThat(visit.campaigns()).isEmpty();
      assertThat(readModel.project(store, 100))
          .isEqualTo(new ProjectedBatch(0, store.lastOffset(), java.util.Set.of()));
    }
  }

  @Test
  void anOpenOfACampaignNotSeenSentIsCreditedToNoSendHourInALaterBatch() {
    try (EngagementStore store = EngagementStore.open(h2(), 2);
        EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
      // The click comes first and leaves the contact's row without a send hour; the open, in the
      // next round, reads that row back.
      store.write(List.of(event("acme", "c9", "summer", Channel.EMAIL, EngagementType.CLICK)));
      readModel.project(store, 100);
      store.write(List.of(event("acme", "c9", "summer", Channel.EMAIL, EngagementType.OPEN)));
      readModel.project(store, 100);

      HourOfWeekCounts sendHours = readModel.sendHours("acme", Optional.of("c9"));
      assertThat(sendHours.opens()).containsOnly(0);
      assertThat(readModel.campaign("acme", "summer").orElseThrow().counts().uniqueOpens()).isOne();
    }
  }

  @Test
  void aReopenedReadModelGoesOnFromItsOffsetWithoutCountingTwice() {
    List<EngagementEvent> events = campaign();
    try (EngagementStore store = EngagementStore.open(h2(), 2)) {
      store.write(events.subList(0, 10));
      try (EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
        assertThat(readModel.project(store, 100).events()).isEqualTo(10);
      }
      store.write(events);
      try (EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
        assertThat(readModel.offset()).isEqualTo(10);
        assertThat(readModel.project(store, 100).events()).isEqualTo(events.size() - 10);
        assertThat(readModel.project(store, 100).events()).isZero();
        assertSpring(readModel);
      }
    }
  }

  @Test
  void projectorsRacingOnOnePostgresDatabaseCountEachEventOnce() throws Exception {
    LocalServices.requirePostgres();
    String schema = LocalServices.createPostgresSchema("analytics_read_model");
    try {
      Database database =
          Database.at(LocalServices.postgresUrlInSchema(schema), LocalServices.POSTGRES_USER, "");
      try (EngagementStore store = EngagementStore.open(database, 2);
          EngagementReadModel first = EngagementReadModel.open(database, 2);
          EngagementReadModel second = EngagementReadModel.open(database, 2)) {
        store.write(campaign());

        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> drain(first, store));
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> drain(second, store));
        CompletableFuture.allOf(a, b).get();

        assertThat(first.offset()).isEqualTo(store.lastOffset());
        assertSpring(first);
        assertSpring(second);
      }
    } finally {
      LocalServices.dropPostgresSchema(schema);
    }
  }

  private static void drain(EngagementReadModel readModel, EngagementStore store) {
    while (readModel.project(store, 2).events() > 0) {
      // each round is its own transaction
    }
  }
}
