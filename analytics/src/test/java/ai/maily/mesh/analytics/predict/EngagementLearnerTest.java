package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.evaluation.RocAuc;
import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EngagementLearnerTest {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  /**
   * Contacts who open with their own fixed chance, and campaigns of two subjects, one twice as
   * appealing: the learner should rank contacts by their past opens and prefer the better subject.
   */
  @Test
  void learnsFromResolvedSendsToRankContactsAndSubjects() {
    SplittableRandom random = new SplittableRandom(17);
    EngagementLearner learner =
        new EngagementLearner(
            EngagementModel.create(EngagementFeatures.withEmbedding(2), FtrlSettings.DEFAULTS),
            HistorySettings.DEFAULTS);
    int contacts = 400;
    double[] propensity = new double[contacts];
    ContactHistory[] histories = new ContactHistory[contacts];
    for (int c = 0; c < contacts; c++) {
      propensity[c] = 0.05 + 0.6 * random.nextDouble();
      histories[c] = ContactHistory.empty(ZoneOffset.UTC);
    }
    float[] good = {1, 0};
    float[] poor = {0, 1};
    for (int k = 0; k < 30; k++) {
      Instant sentAt = START.plus(Duration.ofDays(4L * k));
      float[] subject = k % 2 == 0 ? good : poor;
      for (int c = 0; c < contacts; c++) {
        histories[c] =
            learner
                .observe(histories[c], new ContactEvent.Sent("k" + k, sentAt, subject), null)
                .history();
        double chance = propensity[c] * (subject == good ? 1.0 : 0.5);
        if (random.nextDouble() < chance) {
          histories[c] =
              learner
                  .observe(
                      histories[c], new ContactEvent.Opened("k" + k, sentAt.plusSeconds(600)), null)
                  .history();
        }
      }
    }
    Instant next = START.plus(Duration.ofDays(4L * 30));
    List<Scored> ranking = new ArrayList<>();
    List<Scored> pastRates = new ArrayList<>();
    for (int c = 0; c < contacts; c++) {
      histories[c] = learner.resolveDue(histories[c], next).history();
      double p = learner.predict(histories[c], next, null, good).open();
      boolean keen = propensity[c] > 0.35;
      ranking.add(new Scored(p, keen));
      pastRates.add(
          new Scored((double) histories[c].openedSends() / histories[c].resolvedSends(), keen));
    }

    // 30 sends per contact say only so much about its propensity: its raw past open rate is the
    // best ranking there is here, and the model should come close to it.
    assertThat(learner.model().openModel().examples()).isEqualTo(30L * contacts);
    assertThat(RocAuc.of(ranking)).isGreaterThan(RocAuc.of(pastRates) - 0.02).isGreaterThan(0.85);
    ContactHistory someone = histories[0];
    assertThat(learner.predict(someone, next, null, good).open())
        .isGreaterThan(learner.predict(someone, next, null, poor).open());
  }

  @Test
  void aSnapshotOfTheModelRestoresTheSamePredictions() {
    EngagementModel model =
        EngagementModel.create(EngagementFeatures.withEmbedding(0), FtrlSettings.DEFAULTS);
    EngagementLearner learner = new EngagementLearner(model, HistorySettings.DEFAULTS);
    ContactHistory history = ContactHistory.empty(ZoneOffset.UTC);
    for (int k = 0; k < 5; k++) {
      Instant at = START.plus(Duration.ofDays(4L * k));
      history = learner.observe(history, new ContactEvent.Sent("k" + k, at, null), null).history();
      history =
          learner
              .observe(history, new ContactEvent.Opened("k" + k, at.plusSeconds(5)), null)
              .history();
    }
    history = learner.resolveDue(history, START.plus(Duration.ofDays(30))).history();

    EngagementModel restored = EngagementModel.restore(model.snapshot());
    float[] x = model.features().extract(history, START.plus(Duration.ofDays(31)), null, null);

    assertThat(restored.predict(x)).isEqualTo(model.predict(x));
    assertThat(model.openModel().examples()).isEqualTo(5);
  }
}
