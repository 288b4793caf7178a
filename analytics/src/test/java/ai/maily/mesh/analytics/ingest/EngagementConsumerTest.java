package ai.maily.mesh.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.analytics.bus.BusHeaders;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.InboxConsumer;
import ai.maily.mesh.analytics.bus.LocalEventBus;
import ai.maily.mesh.analytics.bus.Outgoing;
import ai.maily.mesh.analytics.bus.amqp.RabbitEventBus;
import ai.maily.mesh.analytics.bus.amqp.TestBroker;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementJson;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.TcpProxy;
import ai.maily.mesh.core.jdbc.Database;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engagement consumer from a real RabbitMQ (and the in-process bus) into the store on H2: exact
 * counts through a cut connection and an outage, poison and refused events dead-lettered.
 */
class EngagementConsumerTest {

  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final IngestSettings SETTINGS =
      IngestSettings.fromConfig(ConfigFactory.load().getConfig("mesh.analytics.ingest"));
  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

  @TempDir Path dir;

  private TestBroker broker;
  private EngagementStore store;
  private EngagementWriter writer;
  private InboxConsumer consumer;
  private EventBus bus;

  @AfterEach
  void close() throws Exception {
    if (consumer != null) {
      consumer.close();
    }
    if (writer != null) {
      writer.close();
    }
    if (bus != null) {
      bus.close();
    }
    if (store != null) {
      store.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private Database database() {
    return Database.at(
        "jdbc:h2:file:" + dir.resolve("analytics") + ";DATABASE_TO_UPPER=false", "sa", "");
  }

  private void start(EventBus on) {
    bus = on;
    Executor blocking = KIT.system().dispatchers().lookup(DispatcherSelector.blocking());
    store = EngagementStore.open(database(), 2);
    writer =
        EngagementWriter.start(
            KIT.system(), store, SETTINGS.writeBatch(), SETTINGS.writeQueue(), blocking);
    consumer =
        EngagementConsumer.start(
            KIT.system(), bus, writer, SETTINGS, MIN_BACKOFF, MAX_BACKOFF, blocking);
  }

  private static EngagementEvent event(int i) {
    return new EngagementEvent(
        "e-" + i,
        "acme",
        "c-" + (i % 100),
        "spring",
        ai.maily.mesh.analytics.event.Channel.EMAIL,
        i % 3 == 0 ? EngagementType.CLICK : EngagementType.OPEN,
        Instant.parse("2026-03-01T09:00:00Z").plusSeconds(i),
        "{}");
  }

  /** Publishes events {@code from} to {@code to} (exclusive) straight to the broker, persistent. */
  private static void publish(Channel channel, BusTopology topology, int from, int to)
      throws Exception {
    channel.confirmSelect();
    for (int i = from; i < to; i++) {
      EngagementEvent event = event(i);
      channel.basicPublish(
          topology.engagementExchange(),
          event.routingKey(),
          MessageProperties.PERSISTENT_BASIC,
          EngagementJson.toBytes(event));
    }
    channel.waitForConfirmsOrDie(30_000);
  }

  private void awaitStored(int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> store.lastOffset() >= count);
  }

  /** Every event 0..count-1 stored exactly once, and nothing else. */
  private void assertExactlyOnce(int count) {
    List<StoredEvent> stored = store.after(0, count + 100);
    assertThat(stored).hasSize(count);
    assertThat(stored)
        .extracting(e -> e.event().eventId())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, count).mapToObj(i -> "e-" + i).toList());
  }

  @Test
  void aConsumerWhoseConnectionIsCutMidStreamLeavesEveryEventStoredExactlyOnce() throws Exception {
    broker = TestBroker.connect();
    BusTopology topology = broker.topology(List.of(Duration.ofSeconds(1)));
    int count = 20_000;
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", LocalServices.RABBITMQ_URI.getPort());
        Channel channel = broker.channel()) {
      publish(channel, topology, 0, count);
      start(
          RabbitEventBus.open(
              KIT.system(),
              TestBroker.settings(
                  URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port()), topology)));
      await().atMost(Duration.ofSeconds(60)).until(() -> store.lastOffset() >= count / 4);

      proxy.cut();
      proxy.restore();

      awaitStored(count);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> broker.ready(topology.engagement().queue()) == 0);
      assertExactlyOnce(count);
      assertThat(bus.status().counters().redelivered()).isPositive();
    }
  }

  @Test
  void consumptionResumesByItselfWhenTheBrokerIsBack() throws Exception {
    broker = TestBroker.connect();
    BusTopology topology = broker.topology(List.of(Duration.ofSeconds(1)));
    try (TcpProxy proxy = TcpProxy.to("127.0.0.1", LocalServices.RABBITMQ_URI.getPort());
        Channel channel = broker.channel()) {
      start(
          RabbitEventBus.open(
              KIT.system(),
              TestBroker.settings(
                  URI.create("amqp://guest:guest@127.0.0.1:" + proxy.port()), topology)));
      publish(channel, topology, 0, 100);
      awaitStored(100);

      proxy.cut();
      await().atMost(Duration.ofSeconds(10)).until(() -> !bus.status().connected());
      assertThat(bus.status().lastError()).isNotBlank();
      publish(channel, topology, 100, 200);
      proxy.restore();

      awaitStored(200);
      assertThat(bus.status().connected()).isTrue();
      assertExactlyOnce(200);
    }
  }

  @Test
  void poisonGoesToTheDeadLetterQueueWithItsReasonAndTheRestIsStored() throws Exception {
    broker = TestBroker.connect();
    BusTopology topology = broker.topology(List.of(Duration.ofMillis(100)));
    start(
        RabbitEventBus.open(
            KIT.system(), TestBroker.settings(LocalServices.RABBITMQ_URI, topology)));
    try (Channel channel = broker.channel()) {
      publish(channel, topology, 0, 10);
      channel.basicPublish(
          topology.engagementExchange(),
          "engagement.email.open",
          null,
          "{\"eventId\": ".getBytes(StandardCharsets.UTF_8));
      channel.basicPublish(
          topology.engagementExchange(),
          "engagement.email.open",
          null,
          "{\"eventId\": \"x\", \"tenant\": \"acme\"}".getBytes(StandardCharsets.UTF_8));
      channel.basicPublish(
          topology.engagementExchange(),
          "engagement.email.click",
          null,
          EngagementJson.toBytes(event(1)));
      publish(channel, topology, 10, 20);

      awaitStored(20);
      String dlq = topology.engagement().deadLetterQueue();
      await().atMost(Duration.ofSeconds(10)).until(() -> broker.ready(dlq) == 3);
      List<String> reasons = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        GetResponse letter = channel.basicGet(dlq, true);
        assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE))
            .hasToString(BusHeaders.POISON);
        reasons.add(letter.getProps().getHeaders().get(BusHeaders.FAILURE_REASON).toString());
      }
      assertThat(reasons)
          .anySatisfy(reason -> assertThat(reason).startsWith("invalid event: not valid JSON"))
          .anySatisfy(
              reason ->
                  assertThat(reason).contains("contactId: is required", "channel: is required"))
          .anySatisfy(
              reason ->
                  assertThat(reason)
                      .contains(
                          "routed as engagement.email.click but it is engagement.email.open"));
      assertExactlyOnce(20);
    }
  }

  @Test
  void anEventTheDatabaseRefusesIsRetriedThenDeadLetteredWhileTheOthersAreStored()
      throws Exception {
    broker = TestBroker.connect();
    BusTopology topology = broker.topology(List.of(Duration.ofMillis(100), Duration.ofMillis(200)));
    start(
        RabbitEventBus.open(
            KIT.system(), TestBroker.settings(LocalServices.RABBITMQ_URI, topology)));
    Database database = database();
    try (Connection connection =
            DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "ALTER TABLE "
              + EngagementStore.TABLE
              + " ADD CONSTRAINT refuse_five CHECK (event_id <> 'e-5')");
    }
    try (Channel channel = broker.channel()) {
      publish(channel, topology, 0, 10);

      String dlq = topology.engagement().deadLetterQueue();
      await().atMost(Duration.ofSeconds(20)).until(() -> broker.ready(dlq) == 1);
      GetResponse letter = channel.basicGet(dlq, true);
      assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE))
          .hasToString(BusHeaders.RETRIES_EXHAUSTED);
      assertThat(letter.getProps().getHeaders().get(BusHeaders.RETRIES)).hasToString("2");
      assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE_REASON).toString())
          .startsWith("the database refused the event")
          .containsIgnoringCase("refuse_five");
      assertThat(store.after(0, 100))
          .extracting(e -> e.event().eventId())
          .hasSize(9)
          .doesNotContain("e-5");
      assertThat(bus.status().counters().retried()).isEqualTo(2);
    }
  }

  @Test
  void theInProcessBusFeedsTheStoreTheSameWay() throws Exception {
    BusTopology topology =
        BusTopology.fromConfig(ConfigFactory.load().getConfig("mesh.amqp.topology"));
    start(new LocalEventBus(KIT.system(), topology, 10_000));

    for (int i = 0; i < 500; i++) {
      EngagementEvent event = event(i % 400);
      bus.publish(
              Outgoing.of(
                  topology.engagementExchange(),
                  event.routingKey(),
                  event.eventId(),
                  EngagementJson.toBytes(event)))
          .toCompletableFuture()
          .get();
    }
    bus.publish(
        Outgoing.of(
            topology.engagementExchange(),
            "engagement.web.visit",
            "bad",
            "[]".getBytes(StandardCharsets.UTF_8)));

    awaitStored(400);
    await().atMost(Duration.ofSeconds(10)).until(() -> bus.status().counters().deadLettered() == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> bus.status().counters().acked() == 500);
    assertExactlyOnce(400);
  }
}
