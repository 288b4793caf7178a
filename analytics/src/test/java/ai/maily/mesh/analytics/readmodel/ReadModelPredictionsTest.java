package ai.maily.mesh.analytics.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.analytics.event.Channel;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.SendTimeForecast;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadModelPredictionsTest {

  // Tuesday 09:15 UTC (hour 33) and Friday 18:15 UTC (hour 114).
  private static final Instant TUESDAY = Instant.parse("2026-03-03T09:15:00Z");
  private static final Instant FRIDAY = Instant.parse("2026-03-06T18:15:00Z");

  @TempDir Path dir;

  private Database h2() {
    return Database.at(
        "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  private static EngagementEvent event(
      String id, String contact, EngagementType type, Instant at, String campaign) {
    return new EngagementEvent(id, "acme", contact, campaign, Channel.EMAIL, type, at, "{}");
  }

  /**
   * 40 contacts get the Tuesday campaign and 30 of them open it, a day later (opens count for the
   * hour of their send); 40 get the Friday one and 4 open it; of the Tuesday openers 10 click.
   */
  private static List<EngagementEvent> history() {
    List<EngagementEvent> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String contact = "c" + i;
      events.add(event("t-sent-" + i, contact, EngagementType.SENT, TUESDAY, "tue"));
      events.add(event("f-sent-" + i, contact, EngagementType.SENT, FRIDAY, "fri"));
      events.add(event("t-dlv-" + i, contact, EngagementType.DELIVERED, TUESDAY, "tue"));
      events.add(event("f-dlv-" + i, contact, EngagementType.DELIVERED, FRIDAY, "fri"));
      if (i < 30) {
        Instant later = TUESDAY.plus(Duration.ofDays(1));
        events.add(event("t-open-" + i, contact, EngagementType.OPEN, later, "tue"));
        events.add(event("t-open2-" + i, contact, EngagementType.OPEN, later, "tue"));
      }
      if (i < 10) {
        events.add(event("t-click-" + i, contact, EngagementType.CLICK, TUESDAY, "tue"));
      }
      if (i >= 36) {
        events.add(event("f-open-" + i, contact, EngagementType.OPEN, FRIDAY, "fri"));
      }
    }
    return events;
  }

  @Test
  void predictsFromTheReadModelOnceThereIsEnoughHistory() {
    try (EngagementStore store = EngagementStore.open(h2(), 2);
        EngagementReadModel readModel = EngagementReadModel.open(h2(), 2);
        EngagementModelProjection learned = EngagementModelProjection.open(h2(), 2)) {
      ReadModelPredictions predictions =
          new ReadModelPredictions(
              readModel,
              learned,
              Clock.fixed(FRIDAY.plus(Duration.ofDays(4)), ZoneOffset.UTC),
              Runnable::run);
      store.write(history().subList(0, 10));
      readModel.project(store, 1000).events();
      assertThat(predictions.forecast("acme")).isEmpty();
      assertThat(predictions.bestSendTime("acme")).isEmpty();

      store.write(history());
      readModel.project(store, 1000).events();

      assertThat(readModel.sendHours("acme", Optional.empty()).sendsAt(33)).isEqualTo(40);
      assertThat(readModel.sendHours("acme", Optional.empty()).opensAt(33)).isEqualTo(30);
      EngagementForecast forecast = predictions.forecast("acme").orElseThrow();
      assertThat(forecast.basis()).isEqualTo(80);
      // 34 unique opens of 80 deliveries, 10 unique clicks: Beta(35, 47) and Beta(11, 71).
      assertThat(forecast.open().expected()).isEqualTo(35.0 / 82);
      assertThat(forecast.open().low()).isBetween(0.3, 35.0 / 82);
      assertThat(forecast.click().expected()).isEqualTo(11.0 / 82);
      assertThat(predictions.forecast("globex")).isEmpty();

      SendTimeForecast sendTime = predictions.bestSendTime("acme").orElseThrow();
      assertThat(sendTime.hour().value()).isEqualTo(33);
      assertThat(sendTime.basis()).isEqualTo(80);
      assertThat(sendTime.open().expected()).isGreaterThan(0.5);

      ContactPrediction opener = predictions.contact("acme", "c0").orElseThrow();
      ContactPrediction ignorer = predictions.contact("acme", "c33").orElseThrow();
      assertThat(opener.sends()).isEqualTo(2);
      assertThat(opener.opened()).isEqualTo(1);
      assertThat(ignorer.opened()).isZero();
      assertThat(opener.openProbability().value()).isGreaterThan(ignorer.openProbability().value());
      assertThat(opener.openProbability().low()).isGreaterThan(0);
      assertThat(opener.openProbability().high()).isLessThan(1);
      assertThat(opener.bestHour().hourOfWeek()).isEqualTo(33);
      assertThat(opener.logisticRegression()).isNull();

      learned.project(store, 1000);
      // The Tuesday sends were learned from when the Friday ones came, 30 of 40 opened.
      LearnedPrediction learnedOpener =
          predictions.contact("acme", "c0").orElseThrow().logisticRegression();
      assertThat(learnedOpener.sendsLearned()).isEqualTo(40);
      assertThat(learnedOpener.offset()).isEqualTo(store.lastOffset());
      LearnedPrediction learnedIgnorer =
          predictions.contact("acme", "c33").orElseThrow().logisticRegression();
      assertThat(learnedOpener.openProbability()).isGreaterThan(learnedIgnorer.openProbability());
      assertThat(learnedOpener.clickProbability()).isBetween(0.0, learnedOpener.openProbability());
      assertThat(predictions.contact("acme", "nobody")).isEmpty();
    }
  }
}
