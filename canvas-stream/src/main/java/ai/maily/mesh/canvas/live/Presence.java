package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is on a canvas, as one session knows it: itself, and the others whose presence messages it
 * heard lately. Each session says it is here every presence interval and that it left when it goes;
 * one not heard from for three intervals is forgotten (its node may have gone).
 */
final class Presence {

  private static final List<String> COLORS =
      List.of(
          "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990",
          "#9a6324", "#800000", "#808000", "#000075");

  /** Someone on the canvas: their session, who they are, their colour, when last heard. */
  private record Peer(String subject, String color, Instant seen) {}

  private final String session;
  private final String subject;
  private final String color;
  private final Map<String, Peer> others = new LinkedHashMap<>();

  Presence(String session, String subject) {
    this.session = session;
    this.subject = subject;
    this.color = colorOf(subject);
  }

  /** A colour per person, the same on every node and in every session. */
  static String colorOf(String subject) {
    return COLORS.get(Math.floorMod(subject.hashCode(), COLORS.size()));
  }

  String color() {
    return color;
  }

  /** What this session publishes: that it is here, or that it left. */
  JsonNode announcement(boolean here) {
    return Json.MAPPER
        .createObjectNode()
        .put("subject", subject)
        .put("color", color)
        .put("here", here);
  }

  /**
   * Takes in another session's announcement, heard {@code at}; true when the list of people changed
   * (someone came or left), not when someone already here said so again.
   */
  boolean heard(String from, JsonNode announcement, Instant at) {
    if (from.equals(session)) {
      return false;
    }
    if (!announcement.path("here").asBoolean()) {
      return others.remove(from) != null;
    }
    Peer peer =
        new Peer(announcement.path("subject").asText(), announcement.path("color").asText(), at);
    return others.put(from, peer) == null;
  }

  /** Forgets the sessions not heard from since {@code cutoff}; true if any was. */
  boolean forgetSilentSince(Instant cutoff) {
    return others.values().removeIf(peer -> peer.seen().isBefore(cutoff));
  }

  /** The {@code presence} frame: this session first, then the others. */
  ObjectNode frame() {
    ObjectNode frame = Json.MAPPER.createObjectNode().put("type", "presence");
    ArrayNode users = frame.putArray("users");
    users.addObject().put("session", session).put("subject", subject).put("color", color);
    others.forEach(
        (id, peer) ->
            users
                .addObject()
                .put("session", id)
                .put("subject", peer.subject())
                .put("color", peer.color()));
    return frame;
  }
}
