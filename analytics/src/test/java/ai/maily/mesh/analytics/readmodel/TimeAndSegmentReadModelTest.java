package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read model's hourly buckets, segments, hours of the week and recent campaigns: exact through
 * duplicates and restarts, on H2 and on PostgreSQL.
 */
class TimeAndSegmentReadModelTest {

  // A Tuesday: 09:15 UTC is hour of the week 33.
  private static final Instant T0 = Instant.parse("2026-03-03T09:15:00Z");

  @TempDir Path dir;

  private Database h2() {
    return Database.at(
        "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  static EngagementEvent event(
      String id,
      String tenant,
      String contact,
      String campaign,
      Channel channel,
      EngagementType type,
      Instant at,
      String segment) {
    return new EngagementEvent(
        id,
        tenant,
        contact,
        campaign,
        channel,
        type,
        at,
        segment == null ? "{}" : "{\"segment\": \"" + segment + "\", \"link\": \"x\"}");
  }

  /**
   * acme's spring campaign: sent to c1..c4 (c1, c2 in segment vip, c3, c4 in segment rest) at
   * 09:15; delivered to all; c1 opens at 10:05 and again at 11:30, c2 at 11:40 and the next day at
   * 09:00; c3 clicks at 10:10 (no open); c4 bounces at 09:20. autumn's one send comes a day later.
   * globex has a spring of its own in segment vip.
   */
  private static List<EngagementEvent> events() {
    List<EngagementEvent> events = new ArrayList<>();
    String[] segments = {"vip", "vip", "rest", "rest"};
    for (int i = 0; i < 4; i++) {
      String c = "c" + (i + 1);
      events.add(
          event("s" + i, "acme", c, "spring", Channel.EMAIL, EngagementType.SENT, T0, segments[i]));
      events.add(
          event(
              "d" + i,
              "acme",
              c,
              "spring",
              Channel.EMAIL,
              EngagementType.DELIVERED,
              T0.plusSeconds(60),
              segments[i]));
    }
    events.add(
        event(
            "o1", "acme", "c1", "spring", Channel.EMAIL, EngagementType.OPEN, at("10:05"), "vip"));
    events.add(
        event(
            "o2", "acme", "c1", "spring", Channel.EMAIL, EngagementType.OPEN, at("11:30"), "vip"));
    events.add(
        event(
            "o3", "acme", "c2", "spring", Channel.EMAIL, EngagementType.OPEN, at("11:40"), "vip"));
    events.add(
        event(
            "o4",
            "acme",
            "c2",
            "spring",
            Channel.EMAIL,
            EngagementType.OPEN,
            T0.plus(Duration.ofHours(24)).minusSeconds(15 * 60),
            "vip"));
    events.add(
        event(
            "k1",
            "acme",
            "c3",
            "spring",
            Channel.EMAIL,
            EngagementType.CLICK,
            at("10:10"),
            "rest"));
    events.add(
        event(
            "b1",
            "acme",
            "c4",
            "spring",
            Channel.EMAIL,
            EngagementType.BOUNCE,
            at("09:20"),
            "rest"));
    events.add(
        event("v1", "acme", "c1", null, Channel.WEB, EngagementType.CLICK, at("10:30"), null));
    events.add(
        event(
            "a1",
            "acme",
            "c1",
            "autumn",
            Channel.EMAIL,
            EngagementType.SENT,
            T0.plus(Duration.ofDays(1)),
            null));
    events.add(
        event(
            "g1",
            "globex",
            "c1",
            "spring",
            Channel.EMAIL,
            EngagementType.OPEN,
            at("10:05"),
            "vip"));
    return events;
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-03T" + time + ":00Z");
  }

  private static EngagementCounts counts(
      long sent, long delivered, long opens, long uniqueOpens, long clicks, long uniqueClicks) {
    return new EngagementCounts(sent, delivered, opens, uniqueOpens, clicks, uniqueClicks, 0, 0, 0);
  }

  private static void assertCounts(EngagementReadModel readModel) {
    Instant from = Instant.parse("2026-03-03T00:00:00Z");
    Instant to = from.plus(Duration.ofDays(3));
    List<BucketCounts> hours = readModel.hours("acme", Optional.of("spring"), from, to);
    assertThat(hours)
        .containsExactly(
            new BucketCounts(at("09:00"), new EngagementCounts(4, 4, 0, 0, 0, 0, 1, 0, 0)),
            new BucketCounts(at("10:00"), counts(0, 0, 1, 1, 1, 1)),
            new BucketCounts(at("11:00"), counts(0, 0, 2, 1, 0, 0)),
            new BucketCounts(Instant.parse("2026-03-04T09:00:00Z"), counts(0, 0, 1, 0, 0, 0)));
    assertThat(TimeBucket.DAY.regroup(hours))
        .containsExactly(
            new BucketCounts(from, new EngagementCounts(4, 4, 3, 2, 1, 1, 1, 0, 0)),
            new BucketCounts(from.plus(Duration.ofDays(1)), counts(0, 0, 1, 0, 0, 0)));
    // The buckets add up to the campaign's counts.
    assertThat(
            hours.stream()
                .map(BucketCounts::counts)
                .reduce(EngagementCounts.NONE, EngagementCounts::plus))
        .isEqualTo(readModel.campaign("acme", "spring").orElseThrow().counts());
    // A window takes the hours that overlap it; the tenant's hours sum its campaigns'.
    assertThat(readModel.hours("acme", Optional.of("spring"), at("10:30"), at("11:01")))
        .extracting(BucketCounts::start)
        .containsExactly(at("10:00"), at("11:00"));
    assertThat(readModel.hours("acme", Optional.empty(), from, to))
        .extracting(b -> b.counts().sent())
        .containsExactly(4L, 0L, 0L, 1L);
    assertThat(readModel.hours("globex", Optional.of("spring"), from, to))
        .containsExactly(new BucketCounts(at("10:00"), counts(0, 0, 1, 1, 0, 0)));

    assertThat(readModel.segment("acme", "vip"))
        .isEqualTo(Map.of("spring", counts(2, 2, 4, 2, 0, 0)));
    assertThat(readModel.segment("acme", "rest"))
        .isEqualTo(Map.of("spring", new EngagementCounts(2, 2, 0, 0, 1, 1, 1, 0, 0)));
    assertThat(readModel.segments("acme", Optional.of("spring")).keySet())
        .containsExactly("rest", "vip");
    assertThat(readModel.segment("globex", "vip"))
        .isEqualTo(Map.of("spring", counts(0, 0, 1, 1, 0, 0)));
    assertThat(readModel.segment("globex", "rest")).isEmpty();

    List<HeatmapCell> tenant = readModel.heatmap("acme", Optional.empty());
    List<HeatmapCell> spring = readModel.heatmap("acme", Optional.of("spring"));
    assertThat(tenant).hasSize(HourOfWeek.HOURS);
    int tuesday9 = HourOfWeek.of(T0, ZoneOffset.UTC);
    // Two of the four sends at Tuesday 09:00 were opened; autumn's send on Wednesday was not.
    assertThat(spring.get(tuesday9)).isEqualTo(new HeatmapCell(tuesday9, 4, 0, 0, 2));
    assertThat(spring.get(tuesday9).openRate()).isEqualTo(0.5);
    assertThat(spring.get(tuesday9 + 1)).isEqualTo(new HeatmapCell(tuesday9 + 1, 0, 1, 1, 0));
    assertThat(spring.get(tuesday9 + 2)).isEqualTo(new HeatmapCell(tuesday9 + 2, 0, 2, 0, 0));
    // The tenant's hours hold the web click without a campaign and autumn's send.
    assertThat(tenant.get(tuesday9 + 1)).isEqualTo(new HeatmapCell(tuesday9 + 1, 0, 1, 2, 0));
    assertThat(tenant.get(tuesday9 + 24)).isEqualTo(new HeatmapCell(tuesday9 + 24, 1, 1, 0, 0));
    assertThat(tenant.stream().mapToLong(HeatmapCell::sends).sum()).isEqualTo(5);
    assertThat(
            readModel.heatmap("globex", Optional.empty()).stream()
                .mapToLong(HeatmapCell::opens)
                .sum())
        .isEqualTo(1);

    assertThat(readModel.recentCampaigns("acme", 10))
        .extracting(CampaignSummary::campaignId, CampaignSummary::lastEventAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("autumn", T0.plus(Duration.ofDays(1))),
            org.assertj.core.groups.Tuple.tuple(
                "spring", T0.plus(Duration.ofHours(24)).minusSeconds(15 * 60)));
    assertThat(readModel.recentCampaigns("acme", 1)).hasSize(1);
    assertThat(readModel.recentCampaigns("nobody", 10)).isEmpty();
  }

  @Test
  void bucketsSegmentsAndHoursAreExactThroughDuplicatesAndRestarts() {
    List<EngagementEvent> events = events();
    try (EngagementStore store = EngagementStore.open(h2(), 2)) {
      store.write(events.subList(0, 9));
      try (EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
        while (readModel.project(store, 4).events() > 0) {
          // small batches, each its own transaction
        }
      }
      store.write(events);
      store.write(events.subList(3, 12));
      try (EngagementReadModel readModel = EngagementReadModel.open(h2(), 2)) {
        while (readModel.project(store, 5).events() > 0) {
          // goes on from the offset it had
        }
        assertCounts(readModel);
      }
    }
  }

  @Test
  void bucketsSegmentsAndHoursAreExactOnPostgres() throws Exception {
    LocalServices.requirePostgres();
    String schema = LocalServices.createPostgresSchema("analytics_buckets");
    try {
      Database database =
          Database.at(LocalServices.postgresUrlInSchema(schema), LocalServices.POSTGRES_USER, "");
      try (EngagementStore store = EngagementStore.open(database, 2);
          EngagementReadModel readModel = EngagementReadModel.open(database, 2)) {
        List<EngagementEvent> events = events();
        store.write(events.subList(0, 7));
        assertThat(readModel.project(store, 100).events()).isEqualTo(7);
        store.write(events);
        assertThat(readModel.project(store, 3).events()).isEqualTo(3);
        while (readModel.project(store, 100).events() > 0) {
          // the rest
        }
        assertCounts(readModel);
      }
    } finally {
      LocalServices.dropPostgresSchema(schema);
    }
  }
}
