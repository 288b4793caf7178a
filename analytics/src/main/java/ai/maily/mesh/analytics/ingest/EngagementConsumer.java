package ai.maily.mesh.analytics.ingest;

import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.InboxConsumer;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementJson;
import ai.maily.mesh.analytics.store.WriteOutcome;
import ai.maily.mesh.core.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Takes engagement events from the bus's engagement inbox into the store, losing none and counting
 * none twice:
 *
 * <ul>
 *   <li>a delivery is acknowledged only once its event is committed (or was already: a redelivery
 *       after a crash is a duplicate, which changes nothing);
 *   <li>a message that can never be an event (not JSON, invalid, routed under another key) goes to
 *       the dead-letter queue at once, with the reason;
 *   <li>an event the database refuses goes through the retry queues, then to the dead-letter queue;
 *   <li>when the database cannot be reached, the group is handed back and the consumer starts again
 *       after a backoff, so nothing burns its retries during an outage.
 * </ul>
 */
public final class EngagementConsumer {

  /**
   * Groups handed to the writer at once. While one transaction runs, the groups that arrive wait in
   * the writer and go into the next together, so a slow commit (PostgreSQL's fsync) makes the next
   * transaction bigger rather than the consumer slower; with few groups in flight, small groups of
   * a trickle capped every transaction at a few hundred events. The prefetch bounds the events in
   * flight, whatever this is.
   */
  private static final int PARALLELISM = 32;

  private EngagementConsumer() {}

  /**
   * Starts consuming {@code bus}'s engagement inbox into {@code writer}; settles on {@code
   * blocking}.
   */
  public static InboxConsumer start(
      ActorSystem<?> system,
      EventBus bus,
      EngagementWriter writer,
      IngestSettings settings,
      Duration minBackoff,
      Duration maxBackoff,
      Executor blocking) {
    return InboxConsumer.start(
        system,
        "engagement",
        minBackoff,
        maxBackoff,
        () ->
            bus.consume(bus.topology().engagement(), settings.prefetch())
                .groupedWithin(settings.consumeBatch(), settings.consumeWindow())
                .mapAsync(PARALLELISM, group -> handle(group, writer, blocking)));
  }

  private record Parsed(Delivery delivery, EngagementEvent event, String poison) {}

  private static CompletionStage<Done> handle(
      List<Delivery> group, EngagementWriter writer, Executor blocking) {
    List<Parsed> parsed = group.stream().map(EngagementConsumer::parse).toList();
    List<Parsed> valid = parsed.stream().filter(p -> p.event() != null).toList();
    return writer
        .write(valid.stream().map(Parsed::event).toList())
        .handleAsync(
            (outcomes, failure) -> {
              if (failure != null) {
                valid.forEach(p -> p.delivery().requeue());
                throw failure instanceof CompletionException c
                    ? c
                    : new CompletionException(failure);
              }
              List<CompletableFuture<Done>> settling = new ArrayList<>();
              for (Parsed p : parsed) {
                if (p.poison() != null) {
                  settling.add(p.delivery().deadLetter(p.poison()).toCompletableFuture());
                }
              }
              for (int i = 0; i < valid.size(); i++) {
                WriteOutcome outcome = outcomes.get(i);
                Delivery delivery = valid.get(i).delivery();
                if (outcome instanceof WriteOutcome.Refused refused) {
                  settling.add(
                      delivery
                          .retry("the database refused the event: " + refused.reason())
                          .toCompletableFuture());
                } else {
                  delivery.ack();
                }
              }
              return CompletableFuture.allOf(settling.toArray(CompletableFuture[]::new));
            },
            blocking)
        .thenCompose(settled -> settled)
        .thenApply(settled -> Done.getInstance());
  }

  private static Parsed parse(Delivery delivery) {
    EngagementJson.Read read = EngagementJson.read(delivery.body());
    if (read instanceof EngagementJson.Invalid invalid) {
      return new Parsed(delivery, null, "invalid event: " + describe(invalid.violations()));
    }
    EngagementEvent event = ((EngagementJson.Valid) read).event();
    if (!event.routingKey().equals(delivery.routingKey())) {
      return new Parsed(
          delivery,
          null,
          "invalid event: routed as " + delivery.routingKey() + " but it is " + event.routingKey());
    }
    return new Parsed(delivery, event, null);
  }

  private static String describe(List<Problem.Violation> violations) {
    return violations.stream()
        .map(v -> v.field().isEmpty() ? v.message() : v.field() + ": " + v.message())
        .collect(Collectors.joining("; "));
  }
}
