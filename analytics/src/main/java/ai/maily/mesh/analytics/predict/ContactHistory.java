package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.predict.ContactEvent.Bounced;
import ai.maily.mesh.analytics.predict.ContactEvent.Clicked;
import ai.maily.mesh.analytics.predict.ContactEvent.Complained;
import ai.maily.mesh.analytics.predict.ContactEvent.Engagement;
import ai.maily.mesh.analytics.predict.ContactEvent.Interacted;
import ai.maily.mesh.analytics.predict.ContactEvent.Opened;
import ai.maily.mesh.analytics.predict.ContactEvent.Unsubscribed;
import ai.maily.mesh.analytics.predict.ContactEvent.Visited;
import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One contact's engagement history as the prediction models read it: counts, last times, decayed
 * recent counts, the hour-of-week histogram of resolved sends, and the sends still inside their
 * attribution window. A value: every change returns a new one, ready to be persisted as it is.
 *
 * <p>Rates count <em>resolved</em> sends only (those whose window has closed), so a send that went
 * out an hour ago does not yet count as unopened.
 *
 * @param zone the contact's time zone, for hours of the week
 * @param sends every send tracked
 * @param resolvedSends sends whose attribution window has closed
 * @param openedSends resolved sends that were opened
 * @param clickedSends resolved sends that were clicked
 * @param bounces bounces
 * @param unsubscribes unsubscribes
 * @param complaints spam complaints
 * @param webVisits web visits
 * @param socialInteractions social likes and shares
 * @param lastSendAt the latest send, null before the first
 * @param lastOpenAt the latest open (or click), null before the first
 * @param lastClickAt the latest click, null before the first
 * @param recent resolved sends, opens and clicks, decayed
 * @param hours resolved sends and opens by the hour of the week they were sent
 * @param pending sends still inside their window, oldest first
 */
public record ContactHistory(
    ZoneId zone,
    long sends,
    long resolvedSends,
    long openedSends,
    long clickedSends,
    long bounces,
    long unsubscribes,
    long complaints,
    long webVisits,
    long socialInteractions,
    Instant lastSendAt,
    Instant lastOpenAt,
    Instant lastClickAt,
    DecayedCounts recent,
    HourOfWeekCounts hours,
    List<TrackedSend> pending)
    implements CborSerializable {

  public ContactHistory {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(recent, "recent");
    Objects.requireNonNull(hours, "hours");
    pending = List.copyOf(pending);
    if (openedSends > resolvedSends || clickedSends > openedSends || resolvedSends > sends) {
      throw new IllegalArgumentException("a history needs clicked <= opened <= resolved <= sends");
    }
  }

  /** A contact with no history yet. */
  public static ContactHistory empty(ZoneId zone) {
    return new ContactHistory(
        zone,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        null,
        null,
        null,
        DecayedCounts.NONE,
        HourOfWeekCounts.empty(),
        List.of());
  }

  /** The sends resolved by {@link #resolveDue} and the history after them. */
  public record Resolution(ContactHistory history, List<TrackedSend> resolved) {
    public Resolution {
      resolved = List.copyOf(resolved);
    }
  }

  /**
   * The history with {@code send} followed. A second send of a campaign already followed changes
   * nothing: one send per campaign and contact is what the attribution can tell apart.
   */
  public ContactHistory track(TrackedSend send) {
    if (send.opened()) {
      throw new IllegalArgumentException("a send starts unopened");
    }
    if (isPending(send.campaignId())) {
      return this;
    }
    List<TrackedSend> next = new ArrayList<>(pending);
    next.add(send);
    next.sort(Comparator.comparing(TrackedSend::sentAt));
    return new ContactHistory(
        zone,
        sends + 1,
        resolvedSends,
        openedSends,
        clickedSends,
        bounces,
        unsubscribes,
        complaints,
        webVisits,
        socialInteractions,
        latest(lastSendAt, send.sentAt()),
        lastOpenAt,
        lastClickAt,
        recent,
        hours,
        next);
  }

  /** The history with one more engagement event. */
  public ContactHistory record(Engagement event) {
    if (event instanceof Opened o) {
      return opened(o.campaignId(), o.at());
    }
    if (event instanceof Clicked c) {
      return clicked(c.campaignId(), c.at());
    }
    long bounced = bounces + (event instanceof Bounced ? 1 : 0);
    long unsubscribed = unsubscribes + (event instanceof Unsubscribed ? 1 : 0);
    long complained = complaints + (event instanceof Complained ? 1 : 0);
    long visited = webVisits + (event instanceof Visited ? 1 : 0);
    long interacted = socialInteractions + (event instanceof Interacted ? 1 : 0);
    return new ContactHistory(
        zone,
        sends,
        resolvedSends,
        openedSends,
        clickedSends,
        bounced,
        unsubscribed,
        complained,
        visited,
        interacted,
        lastSendAt,
        lastOpenAt,
        lastClickAt,
        recent,
        hours,
        pending);
  }

  /**
   * Labels the sends whose window has closed by {@code now} (and the oldest beyond {@link
   * HistorySettings#maxPending}), folding them into the rates, recent counts and hour histogram.
   */
  public Resolution resolveDue(Instant now, HistorySettings settings) {
    List<TrackedSend> due = new ArrayList<>();
    List<TrackedSend> kept = new ArrayList<>();
    int excess = Math.max(0, pending.size() - settings.maxPending());
    for (TrackedSend send : pending) {
      boolean closed = !send.sentAt().plus(settings.attributionWindow()).isAfter(now);
      if (closed || due.size() < excess) {
        due.add(send);
      } else {
        kept.add(send);
      }
    }
    if (due.isEmpty()) {
      return new Resolution(this, List.of());
    }
    long opened = openedSends;
    long clicked = clickedSends;
    DecayedCounts decayed = recent;
    HourOfWeekCounts histogram = hours;
    for (TrackedSend send : due) {
      opened += send.opened() ? 1 : 0;
      clicked += send.clicked() ? 1 : 0;
      Instant closedAt = send.sentAt().plus(settings.attributionWindow());
      decayed =
          decayed.plus(
              closedAt.isBefore(now) ? closedAt : now,
              settings.recencyHalfLife(),
              send.opened(),
              send.clicked());
      histogram = histogram.with(send.hourOfWeek(), send.opened());
    }
    ContactHistory next =
        new ContactHistory(
            zone,
            sends,
            resolvedSends + due.size(),
            opened,
            clicked,
            bounces,
            unsubscribes,
            complaints,
            webVisits,
            socialInteractions,
            lastSendAt,
            lastOpenAt,
            lastClickAt,
            decayed,
            histogram,
            kept);
    return new Resolution(next, due);
  }

  /** Whether a send of this campaign is inside its window. */
  public boolean isPending(String campaignId) {
    return pending.stream().anyMatch(s -> s.campaignId().equals(campaignId));
  }

  private ContactHistory opened(String campaignId, Instant at) {
    return withPending(campaignId, TrackedSend::markOpened, latest(lastOpenAt, at), lastClickAt);
  }

  private ContactHistory clicked(String campaignId, Instant at) {
    // A click without a recorded open (images blocked) still means the message was read.
    return withPending(
        campaignId, TrackedSend::markClicked, latest(lastOpenAt, at), latest(lastClickAt, at));
  }

  private ContactHistory withPending(
      String campaignId, UnaryOperator<TrackedSend> mark, Instant openAt, Instant clickAt) {
    List<TrackedSend> next =
        pending.stream().map(s -> s.campaignId().equals(campaignId) ? mark.apply(s) : s).toList();
    return new ContactHistory(
        zone,
        sends,
        resolvedSends,
        openedSends,
        clickedSends,
        bounces,
        unsubscribes,
        complaints,
        webVisits,
        socialInteractions,
        lastSendAt,
        openAt,
        clickAt,
        recent,
        hours,
        next);
  }

  private static Instant latest(Instant current, Instant at) {
    return current == null || at.isAfter(current) ? at : current;
  }
}
