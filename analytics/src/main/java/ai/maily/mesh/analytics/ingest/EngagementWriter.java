package ai.maily.mesh.analytics.ingest;

import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.WriteOutcome;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The one way into the {@link EngagementStore}: group commit. Requests from every source (AMQP,
 * REST, gRPC) queue here; while one transaction runs, the requests that arrive wait, and the next
 * transaction writes them together, up to {@code writeBatch} events. Each request is answered with
 * its events' outcomes once the transaction that holds them has committed.
 */
public final class EngagementWriter implements AutoCloseable {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private record Request(
      List<EngagementEvent> events, CompletableFuture<List<WriteOutcome>> outcomes) {}

  private final BoundedSourceQueue<Request> queue;

  private EngagementWriter(BoundedSourceQueue<Request> queue) {
    this.queue = queue;
  }

  /**
   * Starts the writer on {@code store}; transactions run one at a time on {@code executor}, a
   * blocking dispatcher.
   */
  public static EngagementWriter start(
      ActorSystem<?> system,
      EngagementStore store,
      int writeBatch,
      int writeQueue,
      Executor executor) {
    BoundedSourceQueue<Request> queue =
        Source.<Request>queue(writeQueue)
            .batchWeighted(
                writeBatch,
                request -> (long) request.events().size(),
                request -> {
                  List<Request> batch = new ArrayList<>();
                  batch.add(request);
                  return batch;
                },
                (batch, request) -> {
                  batch.add(request);
                  return batch;
                })
            .mapAsync(
                1, batch -> CompletableFuture.supplyAsync(() -> write(store, batch), executor))
            .to(Sink.ignore())
            .run(system);
    return new EngagementWriter(queue);
  }

  private static Done write(EngagementStore store, List<Request> batch) {
    List<EngagementEvent> events = new ArrayList<>();
    batch.forEach(request -> events.addAll(request.events()));
    try {
      List<WriteOutcome> outcomes = store.write(events);
      int from = 0;
      for (Request request : batch) {
        int to = from + request.events().size();
        request.outcomes().complete(List.copyOf(outcomes.subList(from, to)));
        from = to;
      }
    } catch (RuntimeException e) {
      batch.forEach(request -> request.outcomes().completeExceptionally(e));
    }
    return Done.getInstance();
  }

  /**
   * Writes {@code events} with whatever else is waiting.
   *
   * @return their outcomes, in order, once committed; fails with {@code StoreUnavailableException}
   *     when the database cannot be reached, and with an {@code overloaded} problem when too many
   *     requests wait already
   */
  public CompletionStage<List<WriteOutcome>> write(List<EngagementEvent> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<List<WriteOutcome>> outcomes = new CompletableFuture<>();
    QueueOfferResult offered = queue.offer(new Request(List.copyOf(events), outcomes));
    if (offered == QueueOfferResult.enqueued()) {
      return outcomes;
    }
    Problem refusal =
        offered == QueueOfferResult.dropped()
            ? Problem.retryAfter(
                ProblemType.OVERLOADED,
                "too many engagement writes are waiting; retry shortly",
                RETRY_AFTER)
            : Problem.of(ProblemType.UNAVAILABLE, "the engagement writer has stopped");
    return CompletableFuture.failedFuture(new ProblemException(refusal));
  }

  /** Writes what is queued, then stops taking requests. */
  @Override
  public void close() {
    queue.complete();
  }
}
