package ai.maily.mesh.canvas.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void listsItselfFirstThenWhoeverSaidTheyAreHere() {
    Presence alice = new Presence("s1", "alice");
    Presence bob = new Presence("s2", "bob");

    assertThat(alice.heard("s2", bob.announcement(true), T0)).isTrue();
    assertThat(alice.heard("s2", bob.announcement(true), T0.plusSeconds(10))).isFalse();

    JsonNode users = alice.frame().path("users");
    assertThat(users.findValuesAsText("subject")).containsExactly("alice", "bob");
    assertThat(users.get(1).path("color").asText()).isEqualTo(Presence.colorOf("bob"));
  }

  @Test
  void forgetsWhoLeftAndWhoWentSilent() {
    Presence alice = new Presence("s1", "alice");
    alice.heard("s2", new Presence("s2", "bob").announcement(true), T0);
    alice.heard("s3", new Presence("s3", "carol").announcement(true), T0.plusSeconds(20));

    assertThat(alice.heard("s2", new Presence("s2", "bob").announcement(false), T0)).isTrue();
    assertThat(alice.forgetSilentSince(T0.plusSeconds(10))).isFalse();
    assertThat(alice.forgetSilentSince(T0.plusSeconds(30))).isTrue();
    assertThat(alice.frame().path("users").findValuesAsText("subject")).containsExactly("alice");
  }

  @Test
  void ignoresItsOwnAnnouncements() {
    Presence alice = new Presence("s1", "alice");

    assertThat(alice.heard("s1", alice.announcement(true), T0)).isFalse();
    assertThat(alice.frame().path("users")).hasSize(1);
  }
}
