package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.jdbc.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anomalies and recommendations over the read model's data: an injected spike is found and a calm
 * series is not; each rule fires on data built to trigger it and stays quiet on data that is not.
 */
class AnalyticsQueriesTest {

  // A Monday, 00:00 UTC.
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  @TempDir Path dir;

  private EngagementStore store;
  private EngagementReadModel readModel;
  private EngagementModelProjection learned;
  private AnalyticsQueries queries;
  private final List<EngagementEvent> events = new ArrayList<>();
  private int seq;

  @BeforeEach
  void open() {
    Database h2 =
        Database.at(
            "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
    store = EngagementStore.open(h2, 2);
    readModel = EngagementReadModel.open(h2, 2);
    learned = EngagementModelProjection.open(h2, 2);
    queries = new AnalyticsQueries(readModel, learned, Runnable::run);
  }

  @AfterEach
  void close() {
    learned.close();
    readModel.close();
    store.close();
  }

  private void add(
      String campaign, String contact, EngagementType type, Instant at, String segment) {
    events.add(
        TimeAndSegmentReadModelTest.event(
            "e" + ++seq, "acme", contact, campaign, Channel.EMAIL, type, at, segment));
  }

  private void project() {
    store.write(events);
    events.clear();
    while (readModel.project(store, 1000).events() > 0) {
      // up to date
    }
  }

  /**
   * Each hour from Monday 00:00 for {@code hours} hours: 150 sent and delivered, 3 bounced (2%); in
   * hour {@code spikeAt} 45 bounce (30%).
   */
  private void hourly(String campaign, int hours, int spikeAt) {
    for (int h = 0; h < hours; h++) {
      Instant at = START.plus(Duration.ofHours(h)).plusSeconds(60);
      for (int i = 0; i < 150; i++) {
        String contact = campaign + "-" + h + "-" + i;
        add(campaign, contact, EngagementType.SENT, at, null);
        add(campaign, contact, EngagementType.DELIVERED, at, null);
        if (i < (h == spikeAt ? 45 : 3)) {
          add(campaign, contact, EngagementType.BOUNCE, at, null);
        }
      }
    }
  }

  @Test
  void anInjectedSpikeIsAnAnomalyAndACalmSeriesHasNone() {
    hourly("steady", 26, 24);
    hourly("calm", 26, -1);
    project();

    List<CampaignAnomaly> steady =
        queries.anomalies("acme", Optional.of("steady")).toCompletableFuture().join().orElseThrow();
    assertThat(steady).hasSize(1);
    CampaignAnomaly spike = steady.get(0);
    assertThat(spike.subject()).isEqualTo("campaign:steady");
    assertThat(spike.anomaly().metric()).isEqualTo(RateMetric.BOUNCE);
    assertThat(spike.anomaly().bucketStart()).isEqualTo(START.plus(Duration.ofHours(24)));
    assertThat(spike.anomaly().observed()).isEqualTo(0.3);
    assertThat(spike.anomaly().expected())
        .isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(spike.anomaly().trials()).isEqualTo(150);
    assertThat(spike.anomaly().bad()).isTrue();

    assertThat(queries.anomalies("acme", Optional.of("calm")).toCompletableFuture().join())
        .hasValue(List.of());
    assertThat(queries.anomalies("acme", Optional.empty()).toCompletableFuture().join())
        .hasValue(steady);
    assertThat(queries.anomalies("acme", Optional.of("none")).toCompletableFuture().join())
        .isEmpty();
    assertThat(queries.anomalies("globex", Optional.empty()).toCompletableFuture().join())
        .hasValue(List.of());

    List<Recommendation> advice =
        queries
            .recommendations("acme", Optional.of("steady"))
            .toCompletableFuture()
            .join()
            .orElseThrow();
    assertThat(advice)
        .filteredOn(r -> r.rule() == Recommendation.Rule.ANOMALY)
        .extracting(Recommendation::code, Recommendation::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("bounce-rate-anomaly", "campaign:steady"));
    assertThat(
            queries
                .recommendations("acme", Optional.of("calm"))
                .toCompletableFuture()
                .join()
                .orElseThrow())
        .extracting(Recommendation::rule)
        .doesNotContain(Recommendation.Rule.ANOMALY);
  }

  /**
   * 400 contacts, all sent and delivered on Tuesday 09:15 in two segments of 200: in {@code vip}
   * {@code vipOpens} open, in {@code rest} {@code restOpens}; 10 of each click; {@code bounces}
   * bounce.
   */
  private void campaign(String name, int vipOpens, int restOpens, int bounces, boolean segments) {
    Instant sent = Instant.parse("2026-03-03T09:15:00Z");
    Instant later = sent.plus(Duration.ofMinutes(50));
    for (int i = 0; i < 400; i++) {
      boolean vip = i < 200;
      int n = vip ? i : i - 200;
      String segment = segments ? (vip ? "vip" : "rest") : null;
      String contact = name + "-" + i;
      add(name, contact, EngagementType.SENT, sent, segment);
      add(name, contact, EngagementType.DELIVERED, sent, segment);
      if (n < (vip ? vipOpens : restOpens)) {
        add(name, contact, EngagementType.OPEN, later, segment);
      }
      if (n < 10) {
        add(name, contact, EngagementType.CLICK, later, segment);
      }
      if (i % 400 < bounces) {
        add(name, contact, EngagementType.BOUNCE, sent, segment);
      }
    }
  }

  /** Six days of 200 deliveries each, opened by 60, 50, 40, 30, 20 and 10, all clicked by 10. */
  private void fading(String name) {
    for (int day = 0; day < 6; day++) {
      Instant at = START.plus(Duration.ofDays(day)).plus(Duration.ofHours(9));
      for (int i = 0; i < 200; i++) {
        String contact = name + "-" + day + "-" + i;
        add(name, contact, EngagementType.SENT, at, null);
        add(name, contact, EngagementType.DELIVERED, at, null);
        if (i < 60 - 10 * day) {
          add(name, contact, EngagementType.OPEN, at.plusSeconds(600), null);
        }
        if (i < 10) {
          add(name, contact, EngagementType.CLICK, at.plusSeconds(700), null);
        }
      }
    }
  }

  private List<Recommendation> advice(String campaign) {
    return queries
        .recommendations("acme", Optional.of(campaign))
        .toCompletableFuture()
        .join()
        .orElseThrow();
  }

  @Test
  void eachRuleFiresOnDataBuiltForItAndNotOtherwise() {
    campaign("healthy", 100, 20, 2, true);
    campaign("even", 60, 60, 2, true);
    campaign("bouncy", 60, 60, 40, false);
    fading("fading");
    project();

    // healthy: every rate within its limits; vip opens 50% against rest's 10%.
    assertThat(advice("healthy"))
        .extracting(Recommendation::code, Recommendation::rule, Recommendation::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "prefer-option-by-open-rate", Recommendation.Rule.COMPARISON, "campaign:healthy"));
    // even: the same rates in both segments, nothing to say.
    assertThat(advice("even")).isEmpty();
    assertThat(advice("bouncy"))
        .extracting(Recommendation::code)
        .containsExactly("bounce-rate-above-threshold");
    assertThat(advice("fading"))
        .extracting(Recommendation::code)
        .contains("open-rate-falling")
        .doesNotContain("click-rate-falling", "bounce-rate-rising");

    List<Recommendation> tenant =
        queries
            .recommendations("acme", Optional.empty())
            .toCompletableFuture()
            .join()
            .orElseThrow();
    // The tenant's advice: each campaign's thresholds, and its segments compared over campaigns
    // (vip opens 160 of 400, rest 80 of 400).
    assertThat(tenant)
        .extracting(Recommendation::code, Recommendation::subject)
        .contains(
            org.assertj.core.groups.Tuple.tuple("bounce-rate-above-threshold", "campaign:bouncy"),
            org.assertj.core.groups.Tuple.tuple("prefer-option-by-open-rate", "tenant"))
        .doesNotContain(
            org.assertj.core.groups.Tuple.tuple("prefer-option-by-open-rate", "campaign:healthy"));
    assertThat(tenant).isSortedAccordingTo(Recommendation.MOST_CONFIDENT_FIRST);
    assertThat(queries.recommendations("acme", Optional.of("none")).toCompletableFuture().join())
        .isEmpty();
    assertThat(queries.recommendations("globex", Optional.empty()).toCompletableFuture().join())
        .hasValue(List.of());
  }
}
