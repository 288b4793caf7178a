package ai.maily.mesh.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendRuleTest {

  private static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");

  private static List<BucketCounts> weeks(long... opens) {
    List<BucketCounts> series = new ArrayList<>();
    for (int i = 0; i < opens.length; i++) {
      long clicks = 100;
      series.add(
          new BucketCounts(
              MONDAY.plus(Duration.ofDays(7L * i)),
              new EngagementCounts(5000, 5000, opens[i], opens[i], clicks, clicks, 20, 5, 0)));
    }
    return series;
  }

  @Test
  void fitsTheWeightedLineByHand() {
    // Rates 0.20, 0.19, 0.18, 0.17 a week apart: slope -0.01 / 7 per day, a perfect line.
    TrendRule.Line line = TrendRule.DEFAULTS.fit(weeks(1000, 950, 900, 850), RateMetric.OPEN);

    assertThat(line.slopePerDay()).isCloseTo(-0.01 / 7, within(1e-12));
    assertThat(line.start()).isCloseTo(0.20, within(1e-12));
    assertThat(line.end()).isCloseTo(0.17, within(1e-12));
    assertThat(line.standardError()).isCloseTo(0, within(1e-12));
  }

  @Test
  void advisesOnAFallingOpenRate() {
    List<Recommendation> advice =
        TrendRule.DEFAULTS.check("tenant", weeks(1000, 960, 905, 880, 830, 790));

    assertThat(advice)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo("open-rate-falling");
              assertThat(r.rule()).isEqualTo(Recommendation.Rule.TREND);
              assertThat(r.confidence()).isGreaterThan(0.99);
              assertThat(r.evidence().get("relativeChange")).isLessThan(-0.1);
              assertThat(r.message()).contains("of its mean");
            });
  }

  @Test
  void staysQuietOnAFlatNoisySeriesAndOnARisingOpenRate() {
    assertThat(TrendRule.DEFAULTS.check("tenant", weeks(1000, 1040, 970, 1010, 990, 1020)))
        .isEmpty();
    assertThat(TrendRule.DEFAULTS.check("tenant", weeks(800, 850, 900, 950, 1000, 1050))).isEmpty();
  }

  @Test
  void aSingleSpikeAtTheEndIsNotATrend() {
    List<BucketCounts> series = new ArrayList<>();
    long[] bounces = {20, 22, 19, 21, 20, 18, 21, 400};
    for (int i = 0; i < bounces.length; i++) {
      series.add(
          new BucketCounts(
              MONDAY.plus(Duration.ofDays(i)),
              new EngagementCounts(
                  5000, 5000 - bounces[i], 1000, 1000, 100, 100, bounces[i], 5, 0)));
    }

    assertThat(TrendRule.DEFAULTS.check("tenant", series))
        .noneMatch(r -> r.code().equals("bounce-rate-rising"));
  }

  @Test
  void needsEnoughBuckets() {
    assertThat(TrendRule.DEFAULTS.fit(weeks(1000, 800, 600), RateMetric.OPEN)).isNull();
  }
}
