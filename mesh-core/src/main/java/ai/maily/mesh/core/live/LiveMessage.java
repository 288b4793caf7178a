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
   * Presence, a cursor or a draft: sent to whoever listens now, never persisted and never replayed.
   * A newer message of the same {@code kind} from the same {@code from} replaces an older one that
   * was not delivered yet.
   */
  record Ephemeral(String persistenceId, String kind, String from, JsonNode data)
      implements LiveMessage {}
}
