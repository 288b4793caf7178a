package ai.maily.mesh.canvas.live;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {

  @Test
  void anEventFrameCarriesTheEventAsTheEventApisShowIt() throws Exception {
    LiveEvent event =
        new LiveEvent(
            "OpsApplied",
            Instant.parse("2026-12-07T10:00:00.123Z"),
            Json.MAPPER.readTree(
                "{\"version\":3,\"changes\":{\"blocks\":[{\"blockId\":\"b1\"}]}}"));

    JsonNode frame = Json.MAPPER.readTree(Frames.event(new StreamEvent("Canvas|dev:c1", 4, event)));

    assertThat(frame.path("type").asText()).isEqualTo("event");
    assertThat(frame.path("pid").asText()).isEqualTo("Canvas|dev:c1");
    assertThat(frame.path("seq").asLong()).isEqualTo(4);
    assertThat(frame.path("event")).isEqualTo(Json.tree(event));
    assertThat(frame.path("event").path("at").asText()).isEqualTo("2026-12-07T10:00:00.123Z");
  }

  @Test
  void aPresenceFrameListsTheClientFirst() {
    Presence.Member alice = Presence.Member.of("s1", "alice");
    Presence.Member bob = Presence.Member.of("s2", "bob");

    String frame = Frames.presence(bob, List.of(alice, bob));

    assertThat(frame)
        .isEqualTo(
            "{\"type\":\"presence\",\"users\":[{\"session\":\"s2\",\"subject\":\"bob\",\"color\":\""
                + bob.color()
                + "\"},{\"session\":\"s1\",\"subject\":\"alice\",\"color\":\""
                + alice.color()
                + "\"}]}");
  }
}
