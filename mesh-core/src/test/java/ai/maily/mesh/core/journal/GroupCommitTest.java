package ai.maily.mesh.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private record Batch(List<String> events) {}

  private final AtomicInteger writesSent = new AtomicInteger();
  private final GroupCommit<Object> commit =
      new GroupCommit<>(
          events -> new Batch(events.stream().map(String::valueOf).toList()),
          writesSent::incrementAndGet);

  @Test
  void sendsOneWriteMessageUntilItArrives() {
    commit.askForWrite();
    commit.askForWrite();
    assertThat(writesSent).hasValue(1);

    commit.writeArrived();
    commit.askForWrite();
    assertThat(writesSent).hasValue(2);
  }

  @Test
  void aLoneEventIsItsOwnRowAndSeveralAreOneBatchInOrder() {
    assertThat(commit.rows(List.of("a"))).containsExactly("a");
    assertThat(commit.rows(List.of("a", "b", "c")))
        .containsExactly(new Batch(List.of("a", "b", "c")));
    assertThat(commit.rows(List.of())).isEmpty();
  }

  @Test
  void anEventThatKeepsARowOfItsOwnStaysOutOfTheBatchesAroundIt() {
    GroupCommit<Object> withEnds =
        new GroupCommit<>(
            events -> new Batch(events.stream().map(String::valueOf).toList()),
            "end"::equals,
            writesSent::incrementAndGet);

    assertThat(withEnds.rows(List.of("a", "b", "end")))
        .containsExactly(new Batch(List.of("a", "b")), "end");
    assertThat(withEnds.rows(List.of("end"))).containsExactly("end");
    assertThat(withEnds.rows(List.of("a", "end", "b"))).containsExactly("a", "end", "b");
  }
}
