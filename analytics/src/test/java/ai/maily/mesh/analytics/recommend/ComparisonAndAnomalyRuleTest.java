package ai.maily.mesh.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.ComparisonRule.Option;
import ai.maily.mesh.analytics.stats.BetaDistribution;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonAndAnomalyRuleTest {

  private static EngagementCounts clicks(long delivered, long clicks) {
    return new EngagementCounts(
        delivered, delivered, clicks * 4, clicks * 4, clicks, clicks, 0, 0, 0);
  }

  @Test
  void prefersTheVariantThatClearlyDoesBetter() {
    var advice =
        ComparisonRule.DEFAULTS.compare(
            "campaign-9 subject test",
            List.of(new Option("A", clicks(5000, 125)), new Option("B", clicks(5000, 175))),
            RateMetric.CLICK);

    assertThat(advice)
        .hasValueSatisfying(
            r -> {
              assertThat(r.code()).isEqualTo("prefer-option-by-click-rate");
              assertThat(r.message()).contains("'B'").contains("prefer 'B'");
              // 3.5% against 2.5%, pooled 3%: z = 0.01 / sqrt(0.03 · 0.97 · 2/5000) = 2.931.
              assertThat(r.confidence()).isCloseTo(0.99831, within(1e-4));
              assertThat(r.evidence().get("lift")).isCloseTo(0.4, within(1e-9));
            });
  }

  @Test
  void staysQuietWhenTheDifferenceIsNoise() {
    assertThat(
            ComparisonRule.DEFAULTS.compare(
                "test",
                List.of(new Option("A", clicks(1000, 25)), new Option("B", clicks(1000, 28))),
                RateMetric.CLICK))
        .isEmpty();
  }

  @Test
  void forBadMetricsTheLowerRateWins() {
    EngagementCounts clean = new EngagementCounts(10_000, 9_900, 0, 0, 0, 0, 100, 0, 0);
    EngagementCounts dirty = new EngagementCounts(10_000, 9_600, 0, 0, 0, 0, 400, 0, 0);

    assertThat(
            ComparisonRule.DEFAULTS.compare(
                "lists",
                List.of(new Option("imported", dirty), new Option("opt-in", clean)),
                RateMetric.BOUNCE))
        .hasValueSatisfying(r -> assertThat(r.message()).endsWith("prefer 'opt-in'."));
  }

  @Test
  void advisesABetterSendHourOnlyWhenItIsClearlyBetter() {
    BetaDistribution best = new BetaDistribution(1 + 300, 1 + 700);
    BetaDistribution usual = new BetaDistribution(1 + 200, 1 + 800);

    assertThat(ComparisonRule.DEFAULTS.sendTime("segment-1", 43, best, 10, usual))
        .hasValueSatisfying(
            r -> {
              assertThat(r.code()).isEqualTo("better-send-hour");
              assertThat(r.message()).contains("Tue 19:00").contains("Mon 10:00");
              assertThat(r.confidence()).isGreaterThan(0.999);
            });
    assertThat(
            ComparisonRule.DEFAULTS.sendTime(
                "segment-1", 43, new BetaDistribution(21, 80), 10, new BetaDistribution(20, 81)))
        .isEmpty();
  }

  @Test
  void advisesOnAnomaliesThatHurtWithTheirNormalConfidence() {
    Instant day = Instant.parse("2026-03-10T00:00:00Z");
    List<Recommendation> advice =
        AnomalyRule.check(
            "tenant",
            List.of(
                new Anomaly(RateMetric.BOUNCE, day, 0.06, 0.01, 5.0, 9000, true),
                new Anomaly(RateMetric.OPEN, day, 0.31, 0.2, 6.0, 9000, false)));

    assertThat(advice)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo("bounce-rate-anomaly");
              assertThat(r.confidence()).isCloseTo(1 - 5.733e-7, within(1e-7));
              assertThat(r.message()).contains("6.00%").contains("1.00%");
            });
  }
}
