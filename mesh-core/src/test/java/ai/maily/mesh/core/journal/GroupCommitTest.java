package ai.maily.mesh.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(commit.row(List.of("a"))).isEqualTo("a");
    assertThat(commit.row(List.of("a", "b", "c"))).isEqualTo(new Batch(List.of("a", "b", "c")));
  }

  @Test
  void refusesAWriteWithoutEvents() {
    assertThatThrownBy(() -> commit.row(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
