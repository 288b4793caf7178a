package ai.maily.mesh.core.live;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One persisted event as the live streams show it: its type (the event's class name), when it was
 * decided, and its fields as JSON — the shape the REST event pages use.
 */
public record LiveEvent(String type, Instant at, JsonNode data) {

  public static LiveEvent of(Object event, Instant at) {
    return new LiveEvent(event.getClass().getSimpleName(), at, Json.tree(event));
  }
}
