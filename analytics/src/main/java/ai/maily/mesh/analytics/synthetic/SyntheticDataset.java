package ai.maily.mesh.analytics.synthetic;

import ai.maily.mesh.analytics.predict.ContactEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A synthetic engagement world: its hidden truth and the event stream it produced.
 *
 * @param settings what made it
 * @param segments each segment's truth
 * @param contacts each contact's truth, indexed by contact number
 * @param campaigns each campaign's truth, in send order
 * @param sends every send with its true probabilities and outcome, in time order
 * @param events every event in time order, as the models would receive them
 */
public record SyntheticDataset(
    SyntheticSettings settings,
    List<Segment> segments,
    List<Contact> contacts,
    List<Campaign> campaigns,
    List<Send> sends,
    List<TimedEvent> events) {

  public SyntheticDataset {
    segments = List.copyOf(segments);
    contacts = List.copyOf(contacts);
    campaigns = List.copyOf(campaigns);
    sends = List.copyOf(sends);
    events = List.copyOf(events);
  }

  /** When the held-out weeks begin. */
  public Instant split() {
    return settings
        .start()
        .plus(Duration.ofDays(7L * (settings.weeks() - settings.heldOutWeeks())));
  }

  /** When the last week ends. */
  public Instant end() {
    return settings.start().plus(Duration.ofDays(7L * settings.weeks()));
  }

  /**
   * A segment's truth.
   *
   * @param id its number
   * @param centreHour the hour of the week its members tend to prefer
   * @param baseLogit the mean of its members' open propensities (logit)
   */
  public record Segment(int id, int centreHour, double baseLogit) {
    public String name() {
      return "segment-" + id;
    }
  }

  /**
   * A contact's truth.
   *
   * @param id its number
   * @param segment its segment's number
   * @param preferredHour the hour of the week at which a send is likeliest to be opened
   * @param openLogit its open propensity while active (logit)
   * @param clickLogit its propensity to click an opened message (logit)
   * @param dormantFrom when it goes quiet (its open propensity drops), or null if it never does
   * @param badAddress whether every send to it bounces
   */
  public record Contact(
      int id,
      int segment,
      int preferredHour,
      double openLogit,
      double clickLogit,
      Instant dormantFrom,
      boolean badAddress) {
    public String name() {
      return "contact-" + id;
    }
  }

  /**
   * A campaign's truth.
   *
   * @param id its id
   * @param sentOn the day it was sent (recipients get it at different hours of that day)
   * @param topic the kind of subject line
   * @param appeal how much its subject adds to the open logit
   * @param subjectEmbedding its subject's embedding
   * @param incident whether it went to a badly imported list (extra bounces)
   */
  public record Campaign(
      String id,
      Instant sentOn,
      int topic,
      double appeal,
      float[] subjectEmbedding,
      boolean incident) {}

  /**
   * One send, what was true of it and what happened.
   *
   * @param contact the contact's number
   * @param campaign the campaign's index in {@link #campaigns()}
   * @param sentAt when it went out
   * @param openProbability the true chance it is opened
   * @param clickProbability the true chance it is clicked
   * @param bounced whether it bounced
   * @param opened whether it was opened (within the attribution window)
   * @param clicked whether it was clicked
   */
  public record Send(
      int contact,
      int campaign,
      Instant sentAt,
      double openProbability,
      double clickProbability,
      boolean bounced,
      boolean opened,
      boolean clicked) {}

  /**
   * An event for one contact.
   *
   * @param contact the contact's number
   * @param event what happened
   */
  public record TimedEvent(int contact, ContactEvent event) {}
}
