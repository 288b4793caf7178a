package ai.maily.mesh.agents.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers items submitted concurrently into batches for one function, on a thread of its own: a
 * batch closes when it holds {@code maxBatch} items or {@code maxWait} after its first item,
 * whichever comes first. Results complete on that thread, so callers move heavy continuations to
 * their own executors.
 */
final class MicroBatcher<I, O> implements AutoCloseable {

  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final int maxBatch;
  private final long maxWaitNanos;
  private final Function<List<I>, List<O>> work;
  private final BlockingQueue<Pending<I, O>> queue;
  private final Thread thread;
  private volatile boolean closed;

  /**
   * Starts the batching thread, named {@code name}. {@code work} returns one result per item, in
   * the items' order; it runs on that thread only. At most {@code maxPending} items wait.
   */
  MicroBatcher(
      String name,
      int maxBatch,
      Duration maxWait,
      int maxPending,
      Function<List<I>, List<O>> work) {
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.work = work;
    this.queue = new LinkedBlockingQueue<>(maxPending);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The result for {@code item} once its batch has run; failed with {@link
   * RejectedExecutionException} when {@code maxPending} items already wait or the batcher is
   * closed.
   */
  CompletionStage<O> submit(I item) {
    CompletableFuture<O> result = new CompletableFuture<>();
    if (closed) {
      result.completeExceptionally(new RejectedExecutionException(thread.getName() + " is closed"));
    } else if (!queue.offer(new Pending<>(item, result))) {
      result.completeExceptionally(
          new RejectedExecutionException(
              thread.getName() + " has " + queue.size() + " items waiting, the most it takes"));
    } else if (closed) {
      // close() ran between the check and the offer; its thread may have drained already.
      failWaiting();
    }
    return result;
  }

  /** Stops the thread after the batch it is running; items still waiting fail. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failWaiting();
  }

  private void run() {
    List<Pending<I, O>> batch = new ArrayList<>(maxBatch);
    while (!closed) {
      try {
        fill(batch);
      } catch (InterruptedException e) {
        fail(batch, new RejectedExecutionException(thread.getName() + " is closed"));
        break;
      }
      runBatch(batch);
      batch.clear();
    }
    failWaiting();
  }

  /** Waits for a first item, then takes more until the batch is full or its time is up. */
  private void fill(List<Pending<I, O>> batch) throws InterruptedException {
    batch.add(queue.take());
    long deadline = System.nanoTime() + maxWaitNanos;
    while (batch.size() < maxBatch) {
      queue.drainTo(batch, maxBatch - batch.size());
      long remaining = deadline - System.nanoTime();
      if (batch.size() == maxBatch || remaining <= 0) {
        return;
      }
      Pending<I, O> next = queue.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
    }
  }

  private void runBatch(List<Pending<I, O>> batch) {
    List<I> items = new ArrayList<>(batch.size());
    batch.forEach(pending -> items.add(pending.item()));
    List<O> results;
    try {
      results = work.apply(items);
    } catch (RuntimeException e) {
      fail(batch, e);
      return;
    }
    if (results.size() != batch.size()) {
      fail(
          batch,
          new IllegalStateException(
              "a batch of " + batch.size() + " items gave " + results.size() + " results"));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.get(i));
    }
  }

  private void failWaiting() {
    List<Pending<I, O>> waiting = new ArrayList<>();
    queue.drainTo(waiting);
    fail(waiting, new RejectedExecutionException(thread.getName() + " is closed"));
  }

  private static <I, O> void fail(List<Pending<I, O>> batch, Throwable error) {
    batch.forEach(pending -> pending.result().completeExceptionally(error));
  }
}
