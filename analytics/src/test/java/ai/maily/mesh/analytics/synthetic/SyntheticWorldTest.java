package ai.maily.mesh.analytics.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.analytics.predict.ContactEvent;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Send;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticWorldTest {

  private static final SyntheticSettings SMALL = SyntheticSettings.EVALUATION.withSize(500, 4, 8);

  @Test
  void theSameSettingsMakeTheSameWorld() {
    SyntheticDataset first = SyntheticWorld.generate(SMALL);
    SyntheticDataset second = SyntheticWorld.generate(SMALL);

    assertThat(second.contacts()).isEqualTo(first.contacts());
    assertThat(second.sends()).isEqualTo(first.sends());
    assertThat(second.events()).hasSameSizeAs(first.events());
    assertThat(second.events().get(100).event().at())
        .isEqualTo(first.events().get(100).event().at());
  }

  @Test
  void eventsComeInTimeOrderAndMatchTheSends() {
    SyntheticDataset data = SyntheticWorld.generate(SMALL);
    List<SyntheticDataset.TimedEvent> events = data.events();

    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).event().at()).isAfterOrEqualTo(events.get(i - 1).event().at());
    }
    long sent = events.stream().filter(e -> e.event() instanceof ContactEvent.Sent).count();
    long opened = events.stream().filter(e -> e.event() instanceof ContactEvent.Opened).count();
    assertThat(sent).isEqualTo(data.sends().size());
    assertThat(opened).isEqualTo(data.sends().stream().filter(Send::opened).count());
  }

  @Test
  void outcomesFollowTheTrueProbabilities() {
    SyntheticDataset data =
        SyntheticWorld.generate(SyntheticSettings.EVALUATION.withSize(2000, 4, 8));
    double expected = 0;
    long opened = 0;
    long delivered = 0;
    for (Send send : data.sends()) {
      if (!send.bounced()) {
        expected += send.openProbability();
        opened += send.opened() ? 1 : 0;
        delivered++;
      }
    }
    // The sum of Bernoulli outcomes lies within a few standard deviations of its mean.
    double sd = Math.sqrt(expected);
    assertThat((double) opened).isBetween(expected - 4 * sd, expected + 4 * sd);
    assertThat(opened / (double) delivered).isBetween(0.1, 0.4);
  }

  @Test
  void affinityPeaksAtThePreferredHourAndFallsAway() {
    assertThat(SyntheticWorld.affinity(43, 43)).isEqualTo(1.0);
    assertThat(SyntheticWorld.affinity(44, 43))
        .isLessThan(1.0)
        .isGreaterThan(SyntheticWorld.affinity(46, 43));
    // The same hour on another day keeps the daily half.
    assertThat(SyntheticWorld.affinity(43 + 24, 43)).isCloseTo(0.5, within(1e-6));
  }
}
