package ai.maily.mesh.core.live;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What an entity publishes on its live topic ({@link LiveTopics}): the events of a write, once the
 * journal holds them, or something ephemeral that is never persisted.
 */
public sealed interface LiveMessage extends CborSerializable {

  /** The persistence id of the entity whose topic carries the message. */
  String persistenceId();

  /**
   * The events of one write, in order; the first is the entity's {@code firstSeq}-th event (from
   * 1), its position in the numbering the event APIs use — not a journal row's sequence number.
   */
  record Events(String persistenceId, long firstSeq, List<LiveEvent> events)
      implements LiveMessage {

    public long lastSeq() {
      return firstSeq + events.size() - 1;
    }
  }

  /**
   * Sent by {@link LiveTopics} to a new subscriber, and only to it, once its subscription is in
   * place on this node: whatever is published on this node after the entity's journal write that a
   * read started now would not see reaches the subscriber. (Publishers on other nodes learn of it
   * later; readers keep a safety net for them.)
   */
  record Subscribed(String persistenceId) implements LiveMessage {}

  /**
   * Presence, a cursor or a draft: sent to whoever listens now, never persisted and never replayed.
   * A newer message of the same {@code kind} from the same {@code from} replaces an older one that
   * was not delivered yet.
   */
  record Ephemeral(String persistenceId, String kind, String from, JsonNode data)
      implements LiveMessage {}
}
