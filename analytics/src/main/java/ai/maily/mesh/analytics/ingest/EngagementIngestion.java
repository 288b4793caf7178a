package ai.maily.mesh.analytics.ingest;

import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementJson;
import ai.maily.mesh.analytics.store.StoreUnavailableException;
import ai.maily.mesh.analytics.store.WriteOutcome;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Engagement events sent over HTTP or gRPC, for a caller of one tenant: every event is validated
 * before any is written, so a batch is stored whole or not at all, and a refusal lists the problems
 * of each event. An event names the caller's tenant or none. The answer comes once the events are
 * committed.
 */
public final class EngagementIngestion {

  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final EngagementWriter writer;
  private final int maxEvents;

  /** Ingestion through {@code writer}, at most {@code maxEvents} events per request. */
  public EngagementIngestion(EngagementWriter writer, int maxEvents) {
    this.writer = writer;
    this.maxEvents = maxEvents;
  }

  /** The most events one request may carry. */
  public int maxEvents() {
    return maxEvents;
  }

  /**
   * Validates and stores {@code items}, the events of one request of a caller of {@code tenant}.
   * Each item's fields are named {@code events[i].field} in problems.
   *
   * @return the stored events' outcomes; fails with a {@link ProblemException}: {@code
   *     invalid-request} when an event is invalid or the count is out of bounds, {@code forbidden}
   *     when one names another tenant, {@code unavailable} or {@code overloaded} when the events
   *     could not be stored (sending them again is safe)
   */
  public CompletionStage<IngestResult> ingest(String tenant, List<JsonNode> items) {
    List<EngagementEvent> events;
    try {
      events = validated(tenant, items);
    } catch (ProblemException e) {
      return CompletableFuture.failedFuture(e);
    }
    return writer
        .write(events)
        .handle(
            (outcomes, failure) -> {
              if (failure != null) {
                throw new CompletionException(reported(failure));
              }
              return result(events, outcomes);
            });
  }

  private List<EngagementEvent> validated(String tenant, List<JsonNode> items) {
    if (items.isEmpty() || items.size() > maxEvents) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "a request carries 1 to " + maxEvents + " events, not " + items.size(),
              List.of(new Problem.Violation("events", "must hold 1 to " + maxEvents + " events"))));
    }
    List<EngagementEvent> events = new ArrayList<>(items.size());
    List<Problem.Violation> invalid = new ArrayList<>();
    List<Problem.Violation> foreign = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "events[" + i + "]";
      EngagementJson.Read read = EngagementJson.read(items.get(i), path, Optional.of(tenant));
      if (read instanceof EngagementJson.Invalid bad) {
        invalid.addAll(bad.violations());
      } else if (read instanceof EngagementJson.Valid good) {
        if (good.event().tenant().equals(tenant)) {
          events.add(good.event());
        } else {
          foreign.add(
              new Problem.Violation(
                  path + ".tenant", "must be the caller's tenant '" + tenant + "' or absent"));
        }
      }
    }
    if (!foreign.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.FORBIDDEN,
              foreign.size() + " of the events name another tenant; nothing was stored",
              foreign));
    }
    if (!invalid.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST, "some events are invalid; nothing was stored", invalid));
    }
    return events;
  }

  private static IngestResult result(List<EngagementEvent> events, List<WriteOutcome> outcomes) {
    List<IngestResult.Item> items = new ArrayList<>(events.size());
    int stored = 0;
    int duplicates = 0;
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      String eventId = events.get(i).eventId();
      WriteOutcome outcome = outcomes.get(i);
      if (outcome instanceof WriteOutcome.Stored s) {
        stored++;
        items.add(new IngestResult.Item(eventId, IngestResult.STORED, s.offset()));
      } else if (outcome instanceof WriteOutcome.Duplicate d) {
        duplicates++;
        items.add(new IngestResult.Item(eventId, IngestResult.DUPLICATE, d.offset()));
      } else if (outcome instanceof WriteOutcome.Refused r) {
        refused.add(eventId + ": " + r.reason());
      }
    }
    if (!refused.isEmpty()) {
      throw new CompletionException(
          new ProblemException(
              Problem.retryAfter(
                  ProblemType.UNAVAILABLE,
                  "the database refused "
                      + refused.size()
                      + " of the events ("
                      + refused.get(0)
                      + "); the others are stored, and sending the batch again answers them as"
                      + " duplicates",
                  RETRY_AFTER)));
    }
    return new IngestResult(stored, duplicates, items);
  }

  private static Throwable reported(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof StoreUnavailableException) {
      return new ProblemException(
          Problem.retryAfter(
              ProblemType.UNAVAILABLE,
              "the engagement store cannot be reached; nothing was stored, retry with backoff",
              RETRY_AFTER));
    }
    return cause;
  }
}
