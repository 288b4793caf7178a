package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is on a canvas, as one node's channel knows it: the people on this node's sockets, and those
 * the channels of other nodes announced. A channel announces its people whenever they change and
 * every presence interval; a channel not heard from for three intervals is forgotten (its node may
 * have gone).
 */
final class Presence {

  private static final List<String> COLORS =
      List.of(
          "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990",
          "#9a6324", "#800000", "#808000", "#000075");

  /** Someone on the canvas: their socket's session, who they are, their colour. */
  record Member(String session, String subject, String color) {

    static Member of(String session, String subject) {
      return new Member(session, subject, colorOf(subject));
    }
  }

  /** What another node's channel last announced, and when. */
  private record Heard(List<Member> members, Instant at) {}

  private final Map<String, Member> here = new LinkedHashMap<>();
  private final Map<String, Heard> elsewhere = new LinkedHashMap<>();

  /** A colour per person, the same on every node and in every session. */
  static String colorOf(String subject) {
    return COLORS.get(Math.floorMod(subject.hashCode(), COLORS.size()));
  }

  void arrived(Member member) {
    here.put(member.session(), member);
  }

  /** True if the session was here. */
  boolean left(String session) {
    return here.remove(session) != null;
  }

  void everyoneLeft() {
    here.clear();
  }

  boolean anyoneHere() {
    return !here.isEmpty();
  }

  /** What this node's channel publishes: the people on its sockets. */
  JsonNode announcement() {
    ObjectNode announcement = Json.MAPPER.createObjectNode();
    announcement.set("users", Json.MAPPER.valueToTree(List.copyOf(here.values())));
    return announcement;
  }

  /**
   * Takes in another channel's announcement, heard {@code at}; true when the people it names
   * changed, not when it said the same again.
   */
  boolean heard(String channel, JsonNode announcement, Instant at) {
    List<Member> members = new ArrayList<>();
    for (JsonNode user : announcement.path("users")) {
      members.add(
          new Member(
              user.path("session").asText(),
              user.path("subject").asText(),
              user.path("color").asText()));
    }
    Heard before =
        members.isEmpty()
            ? elsewhere.remove(channel)
            : elsewhere.put(channel, new Heard(members, at));
    return before == null ? !members.isEmpty() : !before.members().equals(members);
  }

  /** Forgets the channels not heard from since {@code cutoff}; true if any had people. */
  boolean forgetSilentSince(Instant cutoff) {
    return elsewhere.values().removeIf(heard -> heard.at().isBefore(cutoff));
  }

  /** Everyone on the canvas: this node's people, then the others'. */
  List<Member> everyone() {
    List<Member> everyone = new ArrayList<>(here.values());
    elsewhere.values().forEach(heard -> everyone.addAll(heard.members()));
    return everyone;
  }
}
