package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EngagementFeaturesTest {

  private static final Instant TUESDAY_19 = Instant.parse("2026-03-03T19:00:00Z");
  private static final EngagementFeatures FEATURES = EngagementFeatures.withEmbedding(3);

  private static float feature(float[] x, String name) {
    return x[EngagementFeatures.NAMES.indexOf(name)];
  }

  @Test
  void aNewContactGetsThePriorsAndItsFlags() {
    float[] x = FEATURES.extract(ContactHistory.empty(ZoneOffset.UTC), TUESDAY_19, null, null);

    assertThat(x).hasSize(EngagementFeatures.NAMES.size() + 3);
    assertThat(FEATURES.names()).hasSize(x.length).endsWith("subject-2");
    assertThat(feature(x, "bias")).isEqualTo(1f);
    assertThat(feature(x, "new-contact")).isEqualTo(1f);
    assertThat(feature(x, "never-opened")).isEqualTo(1f);
    // Rates are centred on the prior's logit, ages are 1 for never.
    assertThat(feature(x, "open-rate")).isZero();
    assertThat(feature(x, "click-rate")).isZero();
    assertThat(feature(x, "age-of-last-open")).isEqualTo(1f);
    assertThat(feature(x, "contact-hour-affinity")).isZero();
    assertThat(feature(x, "has-subject-embedding")).isZero();
  }

  @Test
  void theHistoryShowsInRatesRecencyAndHourAffinity() {
    ContactHistory history = ContactHistory.empty(ZoneOffset.UTC);
    Instant at = TUESDAY_19.minus(Duration.ofDays(28));
    for (int week = 0; week < 4; week++) {
      String campaign = "c" + week;
      Instant sent = at.plus(Duration.ofDays(7L * week));
      history =
          history
              .track(
                  new TrackedSend(
                      campaign,
                      sent,
                      HourOfWeek.of(sent, ZoneOffset.UTC),
                      new float[] {1},
                      false,
                      false))
              .record(new ContactEvent.Opened(campaign, sent.plus(Duration.ofHours(1))))
              .resolveDue(sent.plus(Duration.ofDays(3)), HistorySettings.DEFAULTS)
              .history();
    }

    float[] atUsualHour = FEATURES.extract(history, TUESDAY_19, null, null);
    float[] atNight = FEATURES.extract(history, TUESDAY_19.plus(Duration.ofHours(8)), null, null);

    // 4 of 4 opened: (4 + 0.4) / (4 + 2) = 0.7333, against the prior's 0.2.
    assertThat((double) feature(atUsualHour, "open-rate"))
        .isCloseTo(Math.log(0.7333 / 0.2667) - Math.log(0.2 / 0.8), within(1e-3));
    assertThat(feature(atUsualHour, "never-opened")).isZero();
    assertThat((double) feature(atUsualHour, "age-of-last-open"))
        .isCloseTo(Math.log1p(7 - 1 / 24.0) / Math.log1p(365), within(1e-4));
    assertThat(feature(atUsualHour, "contact-hour-affinity")).isPositive();
    assertThat(feature(atNight, "contact-hour-affinity")).isZero();
  }

  @Test
  void theSubjectEmbeddingFollowsTheNamedFeatures() {
    float[] x =
        FEATURES.extract(
            ContactHistory.empty(ZoneOffset.UTC),
            TUESDAY_19,
            null,
            new float[] {0.5f, -0.25f, 0.125f});

    int first = EngagementFeatures.NAMES.size();
    assertThat(feature(x, "has-subject-embedding")).isEqualTo(1f);
    assertThat(new float[] {x[first], x[first + 1], x[first + 2]})
        .containsExactly(0.5f, -0.25f, 0.125f);
  }

  @Test
  void refusesAnEmbeddingOfAnotherLength() {
    assertThatThrownBy(
            () ->
                FEATURES.extract(
                    ContactHistory.empty(ZoneOffset.UTC), TUESDAY_19, null, new float[384]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads 3");
  }
}
