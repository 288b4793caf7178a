package ai.maily.mesh.analytics.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

  private static EngagementCounts counts(
      long sent, long bounces, long opens, long clicks, long complaints) {
    long delivered = sent - bounces;
    return new EngagementCounts(
        sent, delivered, opens, opens, clicks, clicks, bounces, 0, complaints);
  }

  @Test
  void advisesWhenTheEvidenceClearlyCrossesALimit() {
    List<Recommendation> advice =
        ThresholdRule.DEFAULTS.check("campaign-7", counts(5000, 160, 1000, 200, 1));

    assertThat(advice)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.code()).isEqualTo("bounce-rate-above-threshold");
              assertThat(r.rule()).isEqualTo(Recommendation.Rule.THRESHOLD);
              assertThat(r.subject()).isEqualTo("campaign-7");
              assertThat(r.confidence()).isGreaterThan(0.99);
              assertThat(r.evidence()).containsEntry("rate", 0.032).containsEntry("limit", 0.02);
              assertThat(r.message()).contains("3.20%").contains("2.00%");
            });
  }

  @Test
  void aHandfulOfSendsCannotTripIt() {
    // 1 complaint in 200 is 0.5%, five times the limit, but 200 messages say little.
    assertThat(ThresholdRule.DEFAULTS.check("campaign-8", counts(200, 0, 60, 12, 1))).isEmpty();
  }

  @Test
  void advisesOnRatesThatAreTooLowForTheMetricsThatHurtWhenTheyFall() {
    List<Recommendation> advice =
        ThresholdRule.DEFAULTS.check("segment-3", counts(4000, 10, 200, 20, 0));

    assertThat(advice)
        .extracting(Recommendation::code)
        .containsExactlyInAnyOrder("open-rate-below-threshold", "click-rate-below-threshold");
  }
}
