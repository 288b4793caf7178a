package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.stats.BetaDistribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CampaignForecasterTest {

  private static final CampaignForecaster FORECASTER =
      new CampaignForecaster(ForecastSettings.DEFAULTS);

  /** A campaign of {@code delivered} messages whose open rate is drawn once from Beta(a, b). */
  private static EngagementCounts campaign(
      SplittableRandom random, int delivered, double a, double b) {
    double rate = new BetaDistribution(a, b).quantile(random.nextDouble());
    double clickRate = rate / 8;
    long opens = 0;
    long clicks = 0;
    for (int i = 0; i < delivered; i++) {
      double u = random.nextDouble();
      opens += u < rate ? 1 : 0;
      clicks += u < clickRate ? 1 : 0;
    }
    return new EngagementCounts(delivered, delivered, opens, opens, clicks, clicks, 0, 0, 0);
  }

  @Test
  void intervalsFromHistoryCoverNewCampaignsAtAboutTheirLevel() {
    // Open rates drawn from Beta(60, 240): mean 0.2, campaign-to-campaign sd 0.023 (ρ ≈ 0.0033).
    SplittableRandom random = new SplittableRandom(21);
    List<EngagementCounts> history = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      history.add(campaign(random, 2000 + random.nextInt(3000), 60, 240));
    }
    int covered = 0;
    int trials = 400;
    for (int i = 0; i < trials; i++) {
      EngagementCounts next = campaign(random, 3000, 60, 240);
      covered += FORECASTER.fromHistory(3000, history).opens().contains(next.uniqueOpens()) ? 1 : 0;
    }

    assertThat((double) covered / trials).isBetween(0.85, 0.96);
  }

  @Test
  void theSpreadBetweenCampaignsWidensTheIntervalBeyondABinomials() {
    SplittableRandom random = new SplittableRandom(22);
    List<EngagementCounts> steady = new ArrayList<>();
    List<EngagementCounts> erratic = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      steady.add(campaign(random, 4000, 2e5, 8e5));
      erratic.add(campaign(random, 4000, 20, 80));
    }

    CampaignForecast calm = FORECASTER.fromHistory(4000, steady);
    CampaignForecast wild = FORECASTER.fromHistory(4000, erratic);

    // A binomial's 90% interval for 4000 at 0.2 is ±1.645·√640 = ±41.6.
    assertThat(calm.opens().width()).isBetween(70.0, 100.0);
    assertThat(wild.opens().width()).isGreaterThan(4 * calm.opens().width());
    assertThat(calm.openRate().value()).isCloseTo(0.2, within(0.005));
    assertThat(calm.basis()).isEqualTo(CampaignForecast.SEGMENT_HISTORY);
    // Of the 30 past campaigns, the forecast reads the most recent 12.
    assertThat(calm.campaigns()).isEqualTo(12);
  }

  @Test
  void perContactPredictionsSetTheExpectedCounts() {
    SplittableRandom random = new SplittableRandom(23);
    List<EngagementCounts> history = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      history.add(campaign(random, 3000, 60, 240));
    }
    List<EngagementPrediction> contacts =
        new ArrayList<>(Collections.nCopies(1000, new EngagementPrediction(0.5, 0.1)));
    contacts.addAll(Collections.nCopies(1000, new EngagementPrediction(0.1, 0.02)));

    CampaignForecast forecast = FORECASTER.fromPredictions(contacts, history);

    assertThat(forecast.audience()).isEqualTo(2000);
    assertThat(forecast.opens().value()).isCloseTo(600, within(1e-6));
    assertThat(forecast.clicks().value()).isCloseTo(120, within(1e-6));
    assertThat(forecast.opens().contains(600)).isTrue();
    assertThat(forecast.basis()).isEqualTo(CampaignForecast.CONTACT_PREDICTIONS);
  }

  @Test
  void withoutHistoryThereIsNothingToForecastFrom() {
    assertThatThrownBy(() -> FORECASTER.fromHistory(1000, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one past campaign");
  }
}
