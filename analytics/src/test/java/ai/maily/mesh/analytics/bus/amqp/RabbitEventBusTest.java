package ai.maily.mesh.analytics.bus.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.analytics.bus.BusHeaders;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.Inbox;
import ai.maily.mesh.analytics.bus.Outgoing;
import ai.maily.mesh.core.LocalServices;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ adapter against the local broker: topology, confirms, settling, reconnecting. */
class RabbitEventBusTest {

  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final List<Duration> DELAYS =
      List.of(Duration.ofMillis(200), Duration.ofMillis(400));

  private TestBroker broker;
  private BusTopology topology;
  private EventBus bus;

  @BeforeEach
  void open() throws Exception {
    broker = TestBroker.connect();
    topology = broker.topology(DELAYS);
    bus =
        RabbitEventBus.open(
            KIT.system(), TestBroker.settings(LocalServices.RABBITMQ_URI, topology));
  }

  @AfterEach
  void close() throws Exception {
    if (bus != null) {
      bus.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private Outgoing event(String key, String body) {
    return Outgoing.of(
        topology.engagementExchange(), key, body, body.getBytes(StandardCharsets.UTF_8));
  }

  private SinkQueueWithCancel<Delivery> consume(Inbox inbox) {
    return bus.consume(inbox, 100).runWith(Sink.queue(), KIT.system());
  }

  private static Delivery next(SinkQueueWithCancel<Delivery> queue) throws Exception {
    return queue.pull().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
  }

  @Test
  void declaresTheTopologyWhereARetryQueueSendsItsMessagesBackAfterItsDelay() throws Exception {
    bus.publish(event("engagement.email.open", "first")).toCompletableFuture().get();

    try (Channel channel = broker.channel()) {
      for (Inbox inbox : topology.inboxes()) {
        channel.queueDeclarePassive(inbox.queue());
        channel.queueDeclarePassive(inbox.retryQueue(0));
        channel.queueDeclarePassive(inbox.retryQueue(1));
        channel.queueDeclarePassive(inbox.deadLetterQueue());
      }
      channel.exchangeDeclarePassive(topology.meshExchange());
      channel.basicGet(topology.engagement().queue(), true);

      channel.basicPublish(
          "", topology.engagement().retryQueue(1), null, "later".getBytes(StandardCharsets.UTF_8));
      assertThat(broker.ready(topology.engagement().retryQueue(1))).isEqualTo(1);
      GetResponse back =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> channel.basicGet(topology.engagement().queue(), true), r -> r != null);
      assertThat(new String(back.getBody(), StandardCharsets.UTF_8)).isEqualTo("later");
    }
  }

  @Test
  void publishesWithConfirmationsEveryMessageTheQueueThenHolds() throws Exception {
    List<Outgoing> confirmed =
        Source.range(1, 2000)
            .map(i -> event("engagement.web.visit", "visit-" + i))
            .via(bus.publisher(64))
            .runWith(Sink.seq(), KIT.system())
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);

    assertThat(confirmed).hasSize(2000);
    assertThat(broker.ready(topology.engagement().queue())).isEqualTo(2000);
    assertThat(bus.status().counters().published()).isEqualTo(2000);
    assertThat(bus.status().connected()).isTrue();
  }

  @Test
  void aMessageTheBrokerCannotTakeIsNotConfirmed() throws Exception {
    Outgoing nowhere =
        Outgoing.of("no-such-exchange-" + topology.meshExchange(), "x", "m", new byte[0]);

    assertThat(bus.publish(nowhere).toCompletableFuture()).failsWithin(Duration.ofSeconds(10));
    // The next publish opens a new channel and goes through.
    bus.publish(event("engagement.email.open", "after"))
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void retriesThroughEachDelayQueueThenDeadLettersWithTheReasonInTheHeaders() throws Exception {
    bus.publish(
            new Outgoing(
                topology.engagementExchange(),
                "engagement.email.click",
                "m-1",
                Optional.empty(),
                Map.of("source", "test"),
                "flaky".getBytes(StandardCharsets.UTF_8)))
        .toCompletableFuture()
        .get();
    SinkQueueWithCancel<Delivery> queue = consume(topology.engagement());

    Delivery delivery = next(queue);
    for (int retries = 0; retries < DELAYS.size(); retries++) {
      assertThat(delivery.retries()).isEqualTo(retries);
      delivery.retry("the database refused it").toCompletableFuture().get(10, TimeUnit.SECONDS);
      delivery = next(queue);
      assertThat(delivery.routingKey()).isEqualTo("engagement.email.click");
      assertThat(delivery.messageId()).contains("m-1");
    }
    delivery.retry("refused for good").toCompletableFuture().get(10, TimeUnit.SECONDS);
    queue.cancel();

    try (Channel channel = broker.channel()) {
      GetResponse letter = channel.basicGet(topology.engagement().deadLetterQueue(), true);
      assertThat(new String(letter.getBody(), StandardCharsets.UTF_8)).isEqualTo("flaky");
      Map<String, Object> headers = letter.getProps().getHeaders();
      assertThat(headers.get(BusHeaders.FAILURE)).hasToString(BusHeaders.RETRIES_EXHAUSTED);
      assertThat(headers.get(BusHeaders.FAILURE_REASON)).hasToString("refused for good");
      assertThat(headers.get(BusHeaders.RETRIES)).hasToString("2");
      assertThat(headers.get(BusHeaders.ROUTING_KEY)).hasToString("engagement.email.click");
      assertThat(headers.get("source")).hasToString("test");
      assertThat(letter.getProps().getDeliveryMode()).isEqualTo(2);
    }
    assertThat(broker.ready(topology.engagement().queue())).isZero();
    assertThat(bus.status().counters().retried()).isEqualTo(2);
    assertThat(bus.status().counters().deadLettered()).isEqualTo(1);
  }

  @Test
  void aPoisonMessageGoesToTheDeadLetterQueueAtOnce() throws Exception {
    bus.publish(event("engagement.email.open", "not json")).toCompletableFuture().get();
    SinkQueueWithCancel<Delivery> queue = consume(topology.engagement());

    next(queue).deadLetter("invalid event: not valid JSON").toCompletableFuture().get();
    queue.cancel();

    try (Channel channel = broker.channel()) {
      GetResponse letter = channel.basicGet(topology.engagement().deadLetterQueue(), true);
      assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE))
          .hasToString(BusHeaders.POISON);
      assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE_REASON))
          .hasToString("invalid event: not valid JSON");
    }
  }

  @Test
  void whatAConsumerLeftUnacknowledgedComesAgainAndAHandedBackOneToo() throws Exception {
    for (int i = 0; i < 3; i++) {
      bus.publish(event("engagement.web.visit", "v" + i)).toCompletableFuture().get();
    }
    SinkQueueWithCancel<Delivery> first = consume(topology.engagement());
    next(first).ack();
    Delivery handedBack = next(first);
    handedBack.requeue();
    first.cancel();

    SinkQueueWithCancel<Delivery> second = consume(topology.engagement());
    List<Delivery> again = List.of(next(second), next(second));
    assertThat(again).allSatisfy(delivery -> assertThat(delivery.redelivered()).isTrue());
    assertThat(again)
        .extracting(delivery -> new String(delivery.body(), StandardCharsets.UTF_8))
        .containsExactlyInAnyOrder("v1", "v2");
    again.forEach(Delivery::ack);
    second.cancel();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> broker.ready(topology.engagement().queue()) == 0);
  }

  @Test
  void anAcknowledgementLeavesOnlyOnceEveryEarlierDeliveryIsSettled() throws Exception {
    for (int i = 0; i < 3; i++) {
      bus.publish(event("engagement.web.visit", "v" + i)).toCompletableFuture().get();
    }
    SinkQueueWithCancel<Delivery> first = consume(topology.engagement());
    next(first);
    next(first).ack();
    next(first).ack();
    first.cancel();

    SinkQueueWithCancel<Delivery> second = consume(topology.engagement());
    List<Delivery> again = List.of(next(second), next(second), next(second));
    assertThat(again)
        .extracting(delivery -> new String(delivery.body(), StandardCharsets.UTF_8))
        .containsExactly("v0", "v1", "v2");
    again.get(0).ack();
    again.get(1).ack();
    again.get(2).ack();
    second.cancel();

    try (Channel channel = broker.channel()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> channel.queueDeclarePassive(topology.engagement().queue()).getConsumerCount(),
              consumers -> consumers == 0);
    }
    assertThat(broker.ready(topology.engagement().queue())).isZero();
  }

  @Test
  void carriesRepliesAndTheirCorrelation() throws Exception {
    try (Channel channel = broker.channel()) {
      String replies = channel.queueDeclare().getQueue();
      channel.basicPublish(
          topology.meshExchange(),
          BusTopology.TASK_SUBMIT,
          new AMQP.BasicProperties.Builder().replyTo(replies).correlationId("c-7").build(),
          "{}".getBytes(StandardCharsets.UTF_8));
      SinkQueueWithCancel<Delivery> queue = consume(topology.taskCommands());
      Delivery command = next(queue);
      assertThat(command.replyTo()).contains(replies);
      bus.publish(
              new Outgoing(
                  "",
                  command.replyTo().orElseThrow(),
                  "r-1",
                  command.correlationId(),
                  Map.of(),
                  "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)))
          .toCompletableFuture()
          .get();
      command.ack();
      queue.cancel();

      GetResponse reply =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> channel.basicGet(replies, true), r -> r != null);
      assertThat(reply.getProps().getCorrelationId()).isEqualTo("c-7");
      assertThat(reply.getProps().getContentType()).isEqualTo("application/json");
    }
  }

  @Test
  void aBusWhoseBrokerIsUnreachableSaysSoAndPublishingFails() {
    EventBus unreachable =
        RabbitEventBus.open(
            KIT.system(),
            TestBroker.settings(URI.create("amqp://guest:guest@127.0.0.1:1"), topology));

    assertThat(unreachable.publish(event("engagement.email.open", "x")).toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10));
    assertThat(unreachable.status().connected()).isFalse();
    assertThat(unreachable.status().lastError()).isNotBlank();
    assertThat(unreachable.status().broker()).isEqualTo("127.0.0.1:1/");
    unreachable.close();
  }
}
