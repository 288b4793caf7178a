package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.analytics.predict.ContactEvent.Engagement;
import ai.maily.mesh.analytics.predict.ContactEvent.Sent;
import java.time.Instant;
import java.util.List;

/**
 * Feeds one tenant's contact events to its {@link EngagementModel}: a send is followed with the
 * features it had when it went out; when its attribution window closes, the model learns whether it
 * was opened and clicked. What a projection calls for every event, and what the evaluation replays.
 */
public final class EngagementLearner {

  private final EngagementModel model;
  private final HistorySettings settings;

  public EngagementLearner(EngagementModel model, HistorySettings settings) {
    this.model = model;
    this.settings = settings;
  }

  /** A contact's history after an event, and the sends it resolved on the way. */
  public record Update(ContactHistory history, List<TrackedSend> resolved) {
    public Update {
      resolved = List.copyOf(resolved);
    }
  }

  public EngagementModel model() {
    return model;
  }

  /**
   * Applies one event to a contact's history: first the sends whose window closed by the event's
   * time are learned from, then the event is recorded.
   *
   * @param segmentHours the contact's segment's hour-of-week counts, or null
   */
  public Update observe(ContactHistory history, ContactEvent event, HourOfWeekCounts segmentHours) {
    Update resolved = resolveDue(history, event.at());
    ContactHistory current = resolved.history();
    ContactHistory next;
    if (event instanceof Sent sent) {
      float[] x =
          model.features().extract(current, sent.at(), segmentHours, sent.subjectEmbedding());
      next =
          current.track(
              new TrackedSend(
                  sent.campaignId(),
                  sent.at(),
                  HourOfWeek.of(sent.at(), current.zone()),
                  x,
                  false,
                  false));
    } else {
      next = current.record((Engagement) event);
    }
    return new Update(next, resolved.resolved());
  }

  /** Learns from every send of this contact whose window has closed by {@code now}. */
  public Update resolveDue(ContactHistory history, Instant now) {
    ContactHistory.Resolution resolution = history.resolveDue(now, settings);
    for (TrackedSend send : resolution.resolved()) {
      model.learn(send);
    }
    return new Update(resolution.history(), resolution.resolved());
  }

  /**
   * What the model expects of a send to this contact at {@code sendAt}.
   *
   * @param segmentHours the contact's segment's hour-of-week counts, or null
   * @param subjectEmbedding the subject line's embedding, or null
   */
  public EngagementPrediction predict(
      ContactHistory history,
      Instant sendAt,
      HourOfWeekCounts segmentHours,
      float[] subjectEmbedding) {
    return model.predict(model.features().extract(history, sendAt, segmentHours, subjectEmbedding));
  }
}
