package ai.maily.mesh.canvas.live;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.live.LiveEvent;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private static StreamEvent event(long seq) {
    return new StreamEvent(
        "Canvas|t:c",
        seq,
        new LiveEvent("OpsApplied", Instant.EPOCH, JsonNodeFactory.instance.objectNode()));
  }

  private static List<Long> seqs(List<StreamEvent> events) {
    return events.stream().map(StreamEvent::seq).toList();
  }

  @Test
  void givesOutEventsInOrderFromTheOneAfterTheResumePosition() {
    Sequencer sequencer = new Sequencer(4, 10);

    assertThat(sequencer.offer(event(5))).extracting(StreamEvent::seq).containsExactly(5L);
    assertThat(sequencer.offer(event(6))).extracting(StreamEvent::seq).containsExactly(6L);
    assertThat(sequencer.lastSeq()).isEqualTo(6);
    assertThat(sequencer.hasGap()).isFalse();
  }

  @Test
  void dropsWhatItGaveOutBefore() {
    Sequencer sequencer = new Sequencer(0, 10);
    sequencer.offer(event(1));
    sequencer.offer(event(2));

    assertThat(sequencer.offer(event(1))).isEmpty();
    assertThat(sequencer.offer(event(2))).isEmpty();
    assertThat(sequencer.lastSeq()).isEqualTo(2);
  }

  @Test
  void holdsEventsAfterAGapUntilItIsFilled() {
    Sequencer sequencer = new Sequencer(0, 10);

    assertThat(sequencer.offer(event(3))).isEmpty();
    assertThat(sequencer.offer(event(4))).isEmpty();
    assertThat(sequencer.hasGap()).isTrue();
    assertThat(sequencer.offer(event(1))).extracting(StreamEvent::seq).containsExactly(1L);
    assertThat(sequencer.hasGap()).isTrue();

    assertThat(seqs(sequencer.offer(event(2)))).containsExactly(2L, 3L, 4L);
    assertThat(sequencer.hasGap()).isFalse();
    assertThat(sequencer.offer(event(3))).isEmpty();
  }

  @Test
  void holdsAtMostItsLimitKeepingTheOldestForTheFill() {
    Sequencer sequencer = new Sequencer(0, 2);
    sequencer.offer(event(3));
    sequencer.offer(event(4));
    sequencer.offer(event(5));

    assertThat(seqs(sequencer.offer(event(1)))).containsExactly(1L);
    assertThat(seqs(sequencer.offer(event(2)))).containsExactly(2L, 3L, 4L);
    assertThat(sequencer.hasGap()).isFalse();
    assertThat(seqs(sequencer.offer(event(5)))).containsExactly(5L);
  }
}
