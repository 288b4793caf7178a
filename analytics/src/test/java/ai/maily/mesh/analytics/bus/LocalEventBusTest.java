package ai.maily.mesh.analytics.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class LocalEventBusTest {

  private static final ActorTestKit KIT = ActorTestKit.create();

  private static final BusTopology TOPOLOGY =
      new BusTopology(
          "maily.engagement",
          "maily.mesh",
          new Inbox(
              "analytics.engagement",
              "maily.engagement",
              List.of("engagement.#"),
              List.of(Duration.ofMillis(20), Duration.ofMillis(40))),
          new Inbox("mesh.task.submit", "maily.mesh", List.of("task.submit"), List.of()));

  private final LocalEventBus bus = new LocalEventBus(KIT.system(), TOPOLOGY, 100);

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static Outgoing message(String exchange, String key, String body) {
    return Outgoing.of(exchange, key, body, body.getBytes(StandardCharsets.UTF_8));
  }

  private SinkQueueWithCancel<Delivery> consume(Inbox inbox, int prefetch) {
    return bus.consume(inbox, prefetch).runWith(Sink.queue(), KIT.system());
  }

  private static Delivery next(SinkQueueWithCancel<Delivery> queue) throws Exception {
    return queue.pull().toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow();
  }

  private static String text(Delivery delivery) {
    return new String(delivery.body(), StandardCharsets.UTF_8);
  }

  @Test
  void routesEachMessageToTheInboxesWhoseBindingsMatch() throws Exception {
    bus.publish(message("maily.engagement", "engagement.email.open", "open"))
        .toCompletableFuture()
        .get();
    bus.publish(message("maily.engagement", "other.thing", "dropped")).toCompletableFuture().get();
    bus.publish(message("maily.mesh", "task.submit", "task")).toCompletableFuture().get();
    bus.publish(message("maily.mesh", "task.completed", "nobody binds it"))
        .toCompletableFuture()
        .get();

    SinkQueueWithCancel<Delivery> engagement = consume(TOPOLOGY.engagement(), 10);
    SinkQueueWithCancel<Delivery> tasks = consume(TOPOLOGY.taskCommands(), 10);

    Delivery open = next(engagement);
    assertThat(text(open)).isEqualTo("open");
    assertThat(open.routingKey()).isEqualTo("engagement.email.open");
    assertThat(open.redelivered()).isFalse();
    assertThat(text(next(tasks))).isEqualTo("task");
    open.ack();
    assertThat(bus.status().counters().published()).isEqualTo(4);
    assertThat(bus.status().counters().acked()).isEqualTo(1);
    engagement.cancel();
    tasks.cancel();
  }

  @Test
  void holdsNoMoreThanThePrefetchUnsettled() throws Exception {
    for (int i = 0; i < 5; i++) {
      bus.publish(message("maily.engagement", "engagement.web.visit", "v" + i));
    }
    SinkQueueWithCancel<Delivery> queue = consume(TOPOLOGY.engagement(), 2);
    Delivery first = next(queue);
    next(queue);

    CompletionStage<Optional<Delivery>> third = queue.pull();
    assertThat(third.toCompletableFuture().isDone()).isFalse();
    first.ack();

    assertThat(text(third.toCompletableFuture().get(5, TimeUnit.SECONDS).orElseThrow()))
        .isEqualTo("v2");
    queue.cancel();
  }

  @Test
  void whatAConsumerLeftUnsettledComesAgainToTheNext() throws Exception {
    bus.publish(message("maily.engagement", "engagement.web.visit", "a"));
    bus.publish(message("maily.engagement", "engagement.web.visit", "b"));
    SinkQueueWithCancel<Delivery> first = consume(TOPOLOGY.engagement(), 10);
    next(first).ack();
    next(first);
    first.cancel();

    SinkQueueWithCancel<Delivery> second = consume(TOPOLOGY.engagement(), 10);
    Delivery again = next(second);

    assertThat(text(again)).isEqualTo("b");
    assertThat(again.redelivered()).isTrue();
    again.ack();
    second.cancel();
  }

  @Test
  void retriesAfterEachDelayThenDeadLettersWithTheReason() throws Exception {
    bus.publish(message("maily.engagement", "engagement.email.click", "flaky"));
    SinkQueueWithCancel<Delivery> queue = consume(TOPOLOGY.engagement(), 10);

    Delivery delivery = next(queue);
    for (int retries = 0; retries < 2; retries++) {
      assertThat(delivery.retries()).isEqualTo(retries);
      delivery.retry("the database refused it").toCompletableFuture().get();
      delivery = next(queue);
    }
    assertThat(delivery.retries()).isEqualTo(2);
    assertThat(delivery.routingKey()).isEqualTo("engagement.email.click");
    delivery.retry("still refused").toCompletableFuture().get();

    SinkQueueWithCancel<Delivery> dead = consume(TOPOLOGY.engagement().deadLetters(), 10);
    Delivery letter = next(dead);
    assertThat(text(letter)).isEqualTo("flaky");
    assertThat(letter.headers())
        .containsEntry(BusHeaders.FAILURE, BusHeaders.RETRIES_EXHAUSTED)
        .containsEntry(BusHeaders.FAILURE_REASON, "still refused")
        .containsEntry(BusHeaders.RETRIES, "2")
        .containsEntry(BusHeaders.ROUTING_KEY, "engagement.email.click");
    assertThat(bus.status().counters().retried()).isEqualTo(2);
    assertThat(bus.status().counters().deadLettered()).isEqualTo(1);
    queue.cancel();
    dead.cancel();
  }

  @Test
  void aPoisonMessageGoesStraightToTheDeadLetterQueue() throws Exception {
    bus.publish(message("maily.engagement", "engagement.email.open", "not json"));
    SinkQueueWithCancel<Delivery> queue = consume(TOPOLOGY.engagement(), 10);

    next(queue).deadLetter("invalid event: not valid JSON").toCompletableFuture().get();

    SinkQueueWithCancel<Delivery> dead = consume(TOPOLOGY.engagement().deadLetters(), 10);
    Delivery letter = next(dead);
    assertThat(letter.headers())
        .containsEntry(BusHeaders.FAILURE, BusHeaders.POISON)
        .containsEntry(BusHeaders.FAILURE_REASON, "invalid event: not valid JSON");
    assertThat(letter.deadLetter("again").toCompletableFuture()).failsWithin(Duration.ofSeconds(1));
    queue.cancel();
    dead.cancel();
  }
}
