package ai.maily.mesh.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

  private static final Duration LONG = Duration.ofHours(1);

  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

  private final Function<List<Integer>, List<String>> recordAndSquare =
      items -> {
        batches.add(List.copyOf(items));
        return items.stream().map(i -> Integer.toString(i * i)).toList();
      };

  @Test
  void closesABatchWhenItIsFull() {
    try (var batcher = new MicroBatcher<>("test-batcher", 4, LONG, 100, recordAndSquare)) {
      List<CompletableFuture<String>> results = submit(batcher, 1, 2, 3, 4, 5, 6, 7, 8);

      assertThat(results.stream().map(CompletableFuture::join))
          .containsExactly("1", "4", "9", "16", "25", "36", "49", "64");
      assertThat(batches).containsExactly(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8));
    }
  }

  @Test
  void closesABatchAfterMaxWait() {
    try (var batcher =
        new MicroBatcher<>("test-batcher", 100, Duration.ofMillis(10), 100, recordAndSquare)) {
      assertThat(batcher.submit(3).toCompletableFuture().join()).isEqualTo("9");
      assertThat(batches).containsExactly(List.of(3));
    }
  }

  @Test
  void failsEveryItemOfAFailedBatchAndGoesOn() {
    Function<List<Integer>, List<String>> failOnZero =
        items -> {
          if (items.contains(0)) {
            throw new IllegalArgumentException("zero");
          }
          return recordAndSquare.apply(items);
        };
    try (var batcher = new MicroBatcher<>("test-batcher", 2, LONG, 100, failOnZero)) {
      List<CompletableFuture<String>> failed = submit(batcher, 0, 1);
      List<CompletableFuture<String>> next = submit(batcher, 2, 3);

      for (CompletableFuture<String> result : failed) {
        assertThatThrownBy(result::join).hasRootCauseInstanceOf(IllegalArgumentException.class);
      }
      assertThat(next.stream().map(CompletableFuture::join)).containsExactly("4", "9");
    }
  }

  @Test
  void refusesItemsBeyondMaxPending() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<List<Integer>, List<String>> blocking =
        items -> {
          running.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return recordAndSquare.apply(items);
        };
    try (var batcher = new MicroBatcher<>("test-batcher", 1, LONG, 2, blocking)) {
      CompletableFuture<String> first = batcher.submit(1).toCompletableFuture();
      running.await();
      List<CompletableFuture<String>> waiting = submit(batcher, 2, 3);

      CompletableFuture<String> refused = batcher.submit(4).toCompletableFuture();

      assertThatThrownBy(refused::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(RejectedExecutionException.class);
      release.countDown();
      assertThat(first.join()).isEqualTo("1");
      assertThat(waiting.stream().map(CompletableFuture::join)).containsExactly("4", "9");
    }
  }

  @Test
  void failsWaitingItemsWhenClosed() {
    var batcher = new MicroBatcher<>("test-batcher", 10, LONG, 100, recordAndSquare);
    List<CompletableFuture<String>> waiting = submit(batcher, 1, 2);

    batcher.close();

    for (CompletableFuture<String> result : waiting) {
      assertThatThrownBy(result::join).hasCauseInstanceOf(RejectedExecutionException.class);
    }
    assertThatThrownBy(batcher.submit(3).toCompletableFuture()::join)
        .hasCauseInstanceOf(RejectedExecutionException.class);
    assertThat(batches).isEmpty();
  }

  private static List<CompletableFuture<String>> submit(
      MicroBatcher<Integer, String> batcher, int... items) {
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int item : items) {
      results.add(batcher.submit(item).toCompletableFuture());
    }
    return results;
  }
}
