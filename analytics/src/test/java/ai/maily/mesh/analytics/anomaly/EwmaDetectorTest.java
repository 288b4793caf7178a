package ai.maily.mesh.analytics.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.stats.Proportion;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EwmaDetectorTest {

  private static final EwmaDetector DETECTOR = new EwmaDetector(EwmaSettings.DEFAULTS);

  private static Proportion bucket(SplittableRandom random, int trials, double rate) {
    int successes = 0;
    for (int i = 0; i < trials; i++) {
      successes += random.nextDouble() < rate ? 1 : 0;
    }
    return new Proportion(successes, trials);
  }

  /** The indices of the anomalous buckets. */
  private static List<Integer> flagged(List<Proportion> buckets) {
    EwmaState state = EwmaState.EMPTY;
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      EwmaDetector.Step step = DETECTOR.observe(state, buckets.get(i));
      state = step.state();
      if (step.anomalous()) {
        flagged.add(i);
      }
    }
    return flagged;
  }

  @Test
  void flagsAnInjectedSpikeAndNothingElse() {
    SplittableRandom random = new SplittableRandom(42);
    List<Proportion> buckets = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      // Bucket sizes vary tenfold, as hours of a day do; the bounce rate stays at 2% but for one.
      int trials = 200 + random.nextInt(1800);
      buckets.add(bucket(random, trials, i == 300 ? 0.05 : 0.02));
    }

    assertThat(flagged(buckets)).containsExactly(300);
  }

  @Test
  void staysQuietOnNoiseWithADriftingRate() {
    SplittableRandom random = new SplittableRandom(43);
    List<Proportion> buckets = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      double rate = 0.2 + 0.03 * Math.sin(i / 40.0) + 0.01 * random.nextGaussian();
      buckets.add(bucket(random, 500 + random.nextInt(1500), rate));
    }

    assertThat(flagged(buckets)).isEmpty();
  }

  @Test
  void judgesNothingDuringWarmUpNorBucketsTooSmallToTell() {
    SplittableRandom random = new SplittableRandom(44);
    List<Proportion> buckets = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      buckets.add(bucket(random, 1000, 0.02));
    }
    buckets.add(new Proportion(40, 50));
    buckets.add(bucket(random, 1000, 0.02));
    buckets.add(bucket(random, 1000, 0.5));

    EwmaState state = EwmaState.EMPTY;
    List<Boolean> judged = new ArrayList<>();
    for (Proportion b : buckets) {
      EwmaDetector.Step step = DETECTOR.observe(state, b);
      state = step.state();
      judged.add(step.judged());
    }

    // Seven warm-up buckets, one too small (50 < 100 trials), the eighth learned bucket completes
    // the warm-up, and the tenth is judged (and a 50% bounce rate is anomalous).
    assertThat(judged)
        .containsExactly(false, false, false, false, false, false, false, false, false, true);
    assertThat(flagged(buckets)).containsExactly(9);
  }

  @Test
  void aLastingShiftBecomesTheNewNormal() {
    SplittableRandom random = new SplittableRandom(45);
    List<Proportion> buckets = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      buckets.add(bucket(random, 2000, i < 100 ? 0.2 : 0.3));
    }

    List<Integer> flagged = flagged(buckets);

    assertThat(flagged).isNotEmpty().allMatch(i -> i >= 100 && i < 130);
  }

  @Test
  void complaintsFromAZeroBaselineAreFlaggedOnlyWhenThereAreMany() {
    List<Proportion> buckets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      buckets.add(new Proportion(0, 1000));
    }
    buckets.add(new Proportion(1, 1000));
    buckets.add(new Proportion(0, 1000));
    buckets.add(new Proportion(8, 1000));

    assertThat(flagged(buckets)).containsExactly(22);
  }
}
