package ai.maily.mesh.analytics.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ContactHistoryTest {

  private static final Instant MONDAY_9 = Instant.parse("2026-03-02T09:00:00Z");
  private static final HistorySettings SETTINGS = HistorySettings.DEFAULTS;

  private static TrackedSend send(String campaign, Instant at) {
    return new TrackedSend(
        campaign, at, HourOfWeek.of(at, ZoneOffset.UTC), new float[] {1}, false, false);
  }

  @Test
  void aSendIsLabelledWhenItsWindowClosesWithWhatHappenedInside() {
    ContactHistory history =
        ContactHistory.empty(ZoneOffset.UTC)
            .track(send("c1", MONDAY_9))
            .record(new ContactEvent.Opened("c1", MONDAY_9.plus(Duration.ofHours(2))));

    ContactHistory.Resolution early =
        history.resolveDue(MONDAY_9.plus(Duration.ofHours(71)), SETTINGS);
    assertThat(early.resolved()).isEmpty();
    assertThat(early.history().resolvedSends()).isZero();

    ContactHistory.Resolution due =
        history.resolveDue(MONDAY_9.plus(Duration.ofHours(72)), SETTINGS);
    assertThat(due.resolved())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.opened()).isTrue();
              assertThat(s.clicked()).isFalse();
            });
    ContactHistory after = due.history();
    assertThat(after.sends()).isEqualTo(1);
    assertThat(after.resolvedSends()).isEqualTo(1);
    assertThat(after.openedSends()).isEqualTo(1);
    assertThat(after.pending()).isEmpty();
    assertThat(after.hours().sendsAt(9)).isEqualTo(1);
    assertThat(after.hours().opensAt(9)).isEqualTo(1);
    assertThat(after.lastOpenAt()).isEqualTo(MONDAY_9.plus(Duration.ofHours(2)));
  }

  @Test
  void anUnopenedSendCountsAsUnopenedOnlyOnceItsWindowHasClosed() {
    ContactHistory history = ContactHistory.empty(ZoneOffset.UTC).track(send("c1", MONDAY_9));

    ContactHistory after =
        history.resolveDue(MONDAY_9.plus(Duration.ofDays(4)), SETTINGS).history();

    assertThat(after.resolvedSends()).isEqualTo(1);
    assertThat(after.openedSends()).isZero();
    assertThat(after.hours().sendsAt(9)).isEqualTo(1);
    assertThat(after.hours().opensAt(9)).isZero();
  }

  @Test
  void aClickMarksTheSendOpenedAndClicked() {
    ContactHistory history =
        ContactHistory.empty(ZoneOffset.UTC)
            .track(send("c1", MONDAY_9))
            .record(new ContactEvent.Clicked("c1", MONDAY_9.plusSeconds(60)));

    ContactHistory after =
        history.resolveDue(MONDAY_9.plus(Duration.ofDays(3)), SETTINGS).history();

    assertThat(after.openedSends()).isEqualTo(1);
    assertThat(after.clickedSends()).isEqualTo(1);
    assertThat(after.lastClickAt()).isEqualTo(MONDAY_9.plusSeconds(60));
    assertThat(after.lastOpenAt()).isEqualTo(MONDAY_9.plusSeconds(60));
  }

  @Test
  void anOpenAfterTheWindowMovesRecencyButNotTheRates() {
    ContactHistory resolved =
        ContactHistory.empty(ZoneOffset.UTC)
            .track(send("c1", MONDAY_9))
            .resolveDue(MONDAY_9.plus(Duration.ofDays(3)), SETTINGS)
            .history();

    ContactHistory late =
        resolved.record(new ContactEvent.Opened("c1", MONDAY_9.plus(Duration.ofDays(5))));

    assertThat(late.openedSends()).isZero();
    assertThat(late.lastOpenAt()).isEqualTo(MONDAY_9.plus(Duration.ofDays(5)));
  }

  @Test
  void aSecondSendOfTheSameCampaignChangesNothing() {
    ContactHistory once = ContactHistory.empty(ZoneOffset.UTC).track(send("c1", MONDAY_9));

    assertThat(once.track(send("c1", MONDAY_9.plusSeconds(5)))).isEqualTo(once);
  }

  @Test
  void beyondTheMostFollowedSendsTheOldestIsLabelledEarly() {
    HistorySettings two = new HistorySettings(Duration.ofDays(3), Duration.ofDays(14), 2);
    ContactHistory history =
        ContactHistory.empty(ZoneOffset.UTC)
            .track(send("c1", MONDAY_9))
            .track(send("c2", MONDAY_9.plusSeconds(10)))
            .track(send("c3", MONDAY_9.plusSeconds(20)));

    ContactHistory.Resolution resolution = history.resolveDue(MONDAY_9.plusSeconds(30), two);

    assertThat(resolution.resolved()).extracting(TrackedSend::campaignId).containsExactly("c1");
    assertThat(resolution.history().pending())
        .extracting(TrackedSend::campaignId)
        .containsExactly("c2", "c3");
  }

  @Test
  void recentCountsHalveOverAHalfLife() {
    ContactHistory history =
        ContactHistory.empty(ZoneOffset.UTC)
            .track(send("c1", MONDAY_9))
            .record(new ContactEvent.Opened("c1", MONDAY_9.plusSeconds(60)))
            .resolveDue(MONDAY_9.plus(Duration.ofDays(3)), SETTINGS)
            .history();

    DecayedCounts later =
        history.recent().at(MONDAY_9.plus(Duration.ofDays(3 + 14)), SETTINGS.recencyHalfLife());

    assertThat(later.sends()).isCloseTo(0.5, within(1e-9));
    assertThat(later.opened()).isCloseTo(0.5, within(1e-9));
  }

  @Test
  void hoursOfTheWeekAreTheContactsOwn() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    ContactHistory history = ContactHistory.empty(tokyo);
    // Monday 09:00 UTC is Monday 18:00 in Tokyo.
    TrackedSend send =
        new TrackedSend(
            "c1", MONDAY_9, HourOfWeek.of(MONDAY_9, tokyo), new float[] {1}, false, false);

    ContactHistory after =
        history.track(send).resolveDue(MONDAY_9.plus(Duration.ofDays(3)), SETTINGS).history();

    assertThat(after.hours().sendsAt(18)).isEqualTo(1);
  }

  @Test
  void countsTheOtherChannelsAndOptOuts() {
    ContactHistory history =
        ContactHistory.empty(ZoneOffset.UTC)
            .record(new ContactEvent.Visited(MONDAY_9))
            .record(new ContactEvent.Visited(MONDAY_9))
            .record(new ContactEvent.Interacted(MONDAY_9))
            .record(new ContactEvent.Bounced(MONDAY_9))
            .record(new ContactEvent.Unsubscribed(MONDAY_9))
            .record(new ContactEvent.Complained(MONDAY_9));

    assertThat(history.webVisits()).isEqualTo(2);
    assertThat(history.socialInteractions()).isEqualTo(1);
    assertThat(history.bounces()).isEqualTo(1);
    assertThat(history.unsubscribes()).isEqualTo(1);
    assertThat(history.complaints()).isEqualTo(1);
  }
}
