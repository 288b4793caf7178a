package ai.maily.mesh.analytics.predict;

import java.time.Instant;
import java.util.Objects;

/**
 * What happened to one contact, in the words the prediction models need; the ingestion's event
 * types map onto these (an email {@code sent} is {@link Sent}, a web {@code visit} is {@link
 * Visited}, a social {@code like} or {@code share} is {@link Interacted}, and so on).
 */
public sealed interface ContactEvent {

  /** When it happened. */
  Instant at();

  /**
   * A campaign's message went to the contact.
   *
   * @param subjectEmbedding the subject line's embedding, or null when there is none
   */
  record Sent(String campaignId, Instant at, float[] subjectEmbedding) implements ContactEvent {
    public Sent {
      Objects.requireNonNull(campaignId, "campaignId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Everything but a send: the events that describe how the contact engages. */
  sealed interface Engagement extends ContactEvent {}

  /** The contact opened a campaign's message. */
  record Opened(String campaignId, Instant at) implements Engagement {
    public Opened {
      Objects.requireNonNull(campaignId, "campaignId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The contact clicked a link in a campaign's message (which implies it was opened). */
  record Clicked(String campaignId, Instant at) implements Engagement {
    public Clicked {
      Objects.requireNonNull(campaignId, "campaignId");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A message to the contact bounced. */
  record Bounced(Instant at) implements Engagement {
    public Bounced {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The contact unsubscribed. */
  record Unsubscribed(Instant at) implements Engagement {
    public Unsubscribed {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The contact marked a message as spam. */
  record Complained(Instant at) implements Engagement {
    public Complained {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The contact visited the web site. */
  record Visited(Instant at) implements Engagement {
    public Visited {
      Objects.requireNonNull(at, "at");
    }
  }

  /** The contact liked or shared a post on a social channel. */
  record Interacted(Instant at) implements Engagement {
    public Interacted {
      Objects.requireNonNull(at, "at");
    }
  }
}
