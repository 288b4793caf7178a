package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.core.live.LiveMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** The server's frames on a live-stream socket (docs/api/live-streams.md). */
final class Frames {

  private Frames() {}

  /** A frame of {@code type}, to fill in. */
  static ObjectNode of(String type) {
    return Json.MAPPER.createObjectNode().put("type", type);
  }

  /** The fields of an {@code event} frame, in their order. */
  private record EventFrame(String type, String pid, long seq, LiveEvent event) {}

  /** {@code event {pid, seq, event}}. */
  static String event(StreamEvent event) {
    try {
      return Json.MAPPER.writeValueAsString(
          new EventFrame("event", event.pid(), event.seq(), event.event()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A cursor, draft or layer frame: its kind, its sender and what it says. */
  static String ephemeral(LiveMessage.Ephemeral message) {
    ObjectNode frame = of(message.kind());
    frame.put("from", message.from());
    if (message.data() instanceof ObjectNode fields) {
      frame.setAll(fields);
    }
    return frame.toString();
  }

  /** {@code presence {users}}: {@code self} first, then everyone else on the canvas. */
  static String presence(Presence.Member self, List<Presence.Member> everyone) {
    ObjectNode frame = of("presence");
    ArrayNode users = frame.putArray("users");
    user(users, self);
    everyone.stream()
        .filter(member -> !member.session().equals(self.session()))
        .forEach(member -> user(users, member));
    return frame.toString();
  }

  private static void user(ArrayNode users, Presence.Member member) {
    users
        .addObject()
        .put("session", member.session())
        .put("subject", member.subject())
        .put("color", member.color());
  }
}
