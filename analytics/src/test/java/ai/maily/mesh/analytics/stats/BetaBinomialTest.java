package ai.maily.mesh.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BetaBinomialTest {

  @Test
  void probabilitiesSumToOneAndGiveTheMeanAndVariance() {
    BetaBinomial distribution = new BetaBinomial(60, 3.5, 11);
    double total = 0;
    double mean = 0;
    double square = 0;
    for (int k = 0; k <= 60; k++) {
      double p = Math.exp(distribution.logPmf(k));
      total += p;
      mean += k * p;
      square += (double) k * k * p;
    }
    assertThat(total).isCloseTo(1, within(1e-12));
    assertThat(mean).isCloseTo(distribution.mean(), within(1e-10));
    assertThat(square - mean * mean).isCloseTo(distribution.variance(), within(1e-9));
  }

  @Test
  void aLargeConcentrationApproachesTheBinomial() {
    // Beta(1e7 · 0.2, 1e7 · 0.8): the rate is fixed at 0.2, so the interval is the binomial's,
    // ±1.645 · sqrt(10000 · 0.2 · 0.8) = ±65.8 around 2000.
    Estimate interval = new BetaBinomial(10_000, 2e6, 8e6).interval(0.9);
    assertThat(interval.low()).isBetween(1932.0, 1936.0);
    assertThat(interval.high()).isBetween(2064.0, 2068.0);
  }

  @Test
  void campaignToCampaignSpreadWidensTheIntervalBeyondTheBinomial() {
    Estimate binomialLike = new BetaBinomial(10_000, 2e6, 8e6).interval(0.9);
    Estimate overdispersed = new BetaBinomial(10_000, 40, 160).interval(0.9);
    assertThat(overdispersed.width()).isGreaterThan(5 * binomialLike.width());
  }
}
