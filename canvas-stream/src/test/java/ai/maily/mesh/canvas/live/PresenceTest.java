package ai.maily.mesh.canvas.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PresenceTest {

  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void listsThisNodesPeopleThenThoseOtherNodesAnnounced() {
    Presence here = new Presence();
    Presence there = new Presence();
    here.arrived(Presence.Member.of("s1", "alice"));
    there.arrived(Presence.Member.of("s2", "bob"));

    assertThat(here.heard("node-b", there.announcement(), T0)).isTrue();
    assertThat(here.heard("node-b", there.announcement(), T0.plusSeconds(10))).isFalse();

    assertThat(here.everyone())
        .containsExactly(Presence.Member.of("s1", "alice"), Presence.Member.of("s2", "bob"));
    assertThat(here.everyone().get(1).color()).isEqualTo(Presence.colorOf("bob"));
  }

  @Test
  void forgetsWhoLeftAndNodesGoneSilent() {
    Presence here = new Presence();
    Presence b = new Presence();
    Presence c = new Presence();
    b.arrived(Presence.Member.of("s2", "bob"));
    c.arrived(Presence.Member.of("s3", "carol"));
    here.heard("node-b", b.announcement(), T0);
    here.heard("node-c", c.announcement(), T0.plusSeconds(20));

    b.left("s2");
    assertThat(here.heard("node-b", b.announcement(), T0)).isTrue();
    assertThat(here.forgetSilentSince(T0.plusSeconds(10))).isFalse();
    assertThat(here.forgetSilentSince(T0.plusSeconds(30))).isTrue();
    assertThat(here.everyone()).isEmpty();
  }

  @Test
  void aPersonLeavesThisNodeOnce() {
    Presence here = new Presence();
    here.arrived(Presence.Member.of("s1", "alice"));

    assertThat(here.left("s1")).isTrue();
    assertThat(here.left("s1")).isFalse();
    assertThat(here.anyoneHere()).isFalse();
  }
}
