package ai.maily.mesh.bench;

import ai.maily.mesh.analytics.bus.BusSettings;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.InboxConsumer;
import ai.maily.mesh.analytics.bus.amqp.AmqpTopology;
import ai.maily.mesh.analytics.bus.amqp.RabbitEventBus;
import ai.maily.mesh.analytics.event.EngagementEvent;
import ai.maily.mesh.analytics.event.EngagementJson;
import ai.maily.mesh.analytics.event.EngagementType;
import ai.maily.mesh.analytics.ingest.EngagementConsumer;
import ai.maily.mesh.analytics.ingest.EngagementWriter;
import ai.maily.mesh.analytics.ingest.IngestSettings;
import ai.maily.mesh.analytics.readmodel.EngagementReadModel;
import ai.maily.mesh.analytics.readmodel.ReadModelSettings;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.node.MeshNode;
import ai.maily.mesh.node.NodeConfig;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * Engagement events per second from RabbitMQ into the committed store of a running node, and on to
 * its committed read model, beside the broker's own publish-to-consume rate without the mesh, in
 * the same run (ADR 0032, ADR 0035).
 *
 * <p>Events are persistent messages published with confirms (at most {@value #CONFIRM_WINDOW}
 * unconfirmed, from one channel). Each round measures four paths:
 *
 * <ul>
 *   <li><b>broker alone, live</b>: a plain consumer with the node's prefetch on a durable queue
 *       acknowledges every {@value #ACK_EVERY} messages at once while they are published; the clock
 *       runs from the first publish to the last delivery — what the broker and client do on this
 *       machine, the limit;
 *   <li><b>mesh node, live</b>: the same, into the running node's engagement consumer, which
 *       validates each event, writes it in group commits and acknowledges it after the commit,
 *       while the node's {@code ProjectionRunner} projects the store into the read model; one clock
 *       stops when the store's head has moved by N, the other when the read model's offset reaches
 *       it;
 *   <li><b>from a backlog</b>, both again with every message published first and the clock started
 *       with the consumer, which measures consumption alone rather than the publisher: the mesh
 *       path runs the classes the node wires (bus, consumer, writer, store) on the node's actor
 *       system and database, in a topology of its own.
 * </ul>
 *
 * <p>Every mesh round checks that the store holds each of its N events exactly once, with dense
 * offsets, and that the read model's counts of each of the round's campaigns (per type, unique
 * opens and clicks) equal a naive count of the events published.
 */
public final class AnalyticsIngestBenchmark {

  private static final Set<String> OPTIONS = Set.of("db", "events", "rounds", "warmup-events");
  private static final int CONFIRM_WINDOW = 10_000;
  // The plain consumer acknowledges every this many deliveries at once (and the last), as the mesh
  // does in order: what the broker can do, not what acknowledging one by one costs.
  private static final int ACK_EVERY = 500;
  private static final URI BROKER = URI.create("amqp://guest:guest@127.0.0.1:5672");

  private AnalyticsIngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchArgs options = BenchArgs.parse(args, OPTIONS);
    BenchDatabase.Engine engine = BenchDatabase.Engine.named(options.text("db", "h2"));
    int events = options.integer("events", 200_000);
    int rounds = options.integer("rounds", 2);
    int warmup = options.integer("warmup-events", 50_000);
    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(BROKER);
    try (BenchDatabase database =
            engine == BenchDatabase.Engine.H2
                ? BenchDatabase.freshH2()
                : BenchDatabase.scratchPostgres();
        Connection broker = factory.newConnection("maily-mesh bench")) {
      Config overrides =
          ConfigFactory.parseMap(
                  Map.of(
                      "mesh.amqp.uri", BROKER.toString(),
                      "mesh.amqp.topology.engagement-exchange", run + ".engagement",
                      "mesh.amqp.topology.engagement-queue", run + ".analytics.engagement",
                      "mesh.amqp.topology.mesh-exchange", run + ".mesh",
                      "mesh.amqp.topology.task-queue", run + ".mesh.task.submit"))
              .withFallback(CoordinatorBenchmark.BENCH_NODE)
              .withFallback(database.nodeOverrides());
      StringBuilder report = new StringBuilder();
      report.append("## Engagement ingestion from RabbitMQ on ").append(database.engine());
      report.append("\n\n").append(Machine.describe()).append(database.describe());
      report
          .append("- broker: RabbitMQ ")
          .append(broker.getServerProperties().get("version"))
          .append(" at ")
          .append(BROKER.getHost())
          .append(':')
          .append(BROKER.getPort())
          .append(", persistent messages, publisher confirms with up to ")
          .append(CONFIRM_WINDOW)
          .append(" unconfirmed")
          .append('\n');
      MarkdownTable table =
          new MarkdownTable(
              "round",
              "path",
              "events",
              "publish+confirm events/s",
              "consumed (broker) or store-committed (mesh) events/s",
              "read-model-committed events/s",
              "check");
      try (MeshNode node = MeshNode.start(overrides, AgentRegistry.of(List.of()));
          EngagementStore store =
              EngagementStore.open(NodeConfig.database(node.system().settings().config()), 1);
          EngagementReadModel readModel =
              EngagementReadModel.open(NodeConfig.database(node.system().settings().config()), 1)) {
        Config config = node.system().settings().config();
        ReadModelSettings projection =
            ReadModelSettings.fromConfig(config.getConfig("mesh.analytics.read-model"));
        Committed committed = new Committed(store, readModel, database);
        report
            .append("- settings: `mesh.analytics.ingest.prefetch=")
            .append(config.getInt("mesh.analytics.ingest.prefetch"))
            .append("` `consume-batch=")
            .append(config.getInt("mesh.analytics.ingest.consume-batch"))
            .append("` `write-batch=")
            .append(config.getInt("mesh.analytics.ingest.write-batch"))
            .append("` `store-pool-size=")
            .append(config.getInt("mesh.analytics.ingest.store-pool-size"))
            .append("` `mesh.analytics.read-model.batch-size=")
            .append(projection.batchSize())
            .append("` `poll-interval=")
            .append(projection.pollInterval().toMillis())
            .append("ms`, projected by the node's `ProjectionRunner` while it ingests\n- ")
            .append(events)
            .append(" events per round after a warm-up of ")
            .append(warmup)
            .append(" through the mesh\n\n");
        int prefetch = config.getInt("mesh.analytics.ingest.prefetch");
        String exchange = run + ".engagement";
        awaitDeclared(broker, run + ".analytics.engagement");
        throughMesh(broker, committed, exchange, run + "-warmup", warmup);
        for (int round = 1; round <= rounds; round++) {
          row(
              table,
              round,
              "broker alone, live",
              events,
              throughBroker(broker, run + ".baseline", prefetch, events, false));
          row(
              table,
              round,
              "mesh node, live",
              events,
              throughMesh(broker, committed, exchange, run + "-" + round, events));
          row(
              table,
              round,
              "broker alone, from a backlog",
              events,
              throughBroker(broker, run + ".baseline", prefetch, events, true));
          row(
              table,
              round,
              "mesh pipeline, from a backlog",
              events,
              fromBacklog(node, broker, committed, run + "-backlog-" + round, events));
        }
      } finally {
        deleteTopology(broker, run);
      }
      report.append(table).append('\n');
      System.out.println(report);
    }
  }

  private static void row(MarkdownTable table, int round, String path, int events, Result result) {
    table.row(
        round,
        path,
        events,
        MarkdownTable.number(result.published(), 0),
        MarkdownTable.number(result.consumed(), 0),
        Double.isNaN(result.projected()) ? "–" : MarkdownTable.number(result.projected(), 0),
        result.check());
  }

  /**
   * What a round measured: events per second published and confirmed, events per second from the
   * start to the last consumed (broker) or committed to the store (mesh), to the read model's
   * commit of the last (mesh; NaN for the broker alone), and the exact-count check.
   */
  private record Result(double published, double consumed, double projected, String check) {}

  private static EngagementEvent event(String tenant, int i) {
    EngagementType[] funnel = {
      EngagementType.SENT, EngagementType.DELIVERED, EngagementType.OPEN, EngagementType.CLICK
    };
    return new EngagementEvent(
        "e-" + i,
        tenant,
        "contact-" + (i % 10_000),
        "campaign-" + (i % 20),
        ai.maily.mesh.analytics.event.Channel.EMAIL,
        funnel[i % funnel.length],
        Instant.parse("2026-03-01T00:00:00Z").plusMillis(i * 37L),
        "{\"userAgent\":\"Mozilla/5.0 (bench)\",\"ip\":\"192.0.2." + (i % 250) + "\"}");
  }

  /**
   * Publishes events 0..count-1 of {@code tenant} with at most {@value #CONFIRM_WINDOW} awaiting
   * the broker's confirmation; returns the time until the last was confirmed.
   */
  private static Duration publish(
      Connection broker, String exchange, String queueOrNull, String tenant, int count)
      throws Exception {
    long start = System.nanoTime();
    try (Channel channel = broker.createChannel()) {
      Semaphore window = new Semaphore(CONFIRM_WINDOW);
      ConcurrentSkipListSet<Long> unconfirmed = new ConcurrentSkipListSet<>();
      AtomicBoolean refused = new AtomicBoolean();
      ConfirmCallback confirmed =
          (tag, multiple) -> {
            NavigableSet<Long> settled =
                multiple
                    ? unconfirmed.headSet(tag, true)
                    : unconfirmed.subSet(tag, true, tag, true);
            int released = settled.size();
            settled.clear();
            window.release(released);
          };
      channel.addConfirmListener(
          confirmed,
          (tag, multiple) -> {
            refused.set(true);
            confirmed.handle(tag, multiple);
          });
      channel.confirmSelect();
      for (int i = 0; i < count; i++) {
        EngagementEvent event = event(tenant, i);
        window.acquire();
        unconfirmed.add(channel.getNextPublishSeqNo());
        channel.basicPublish(
            exchange,
            queueOrNull == null ? event.routingKey() : queueOrNull,
            MessageProperties.PERSISTENT_BASIC,
            EngagementJson.toBytes(event));
      }
      if (!window.tryAcquire(CONFIRM_WINDOW, 5, TimeUnit.MINUTES) || refused.get()) {
        throw new IllegalStateException("the broker did not confirm every message");
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /**
   * The broker alone: a durable queue, the same messages, a consumer that acknowledges them in
   * groups of {@value #ACK_EVERY}. Live: the consumer runs while the messages are published, and
   * the clock runs from the first publish to the last delivery. From a backlog: every message is
   * published first, and the clock runs from the consumer's start.
   */
  private static Result throughBroker(
      Connection broker, String queue, int prefetch, int count, boolean backlog) throws Exception {
    try (Channel consuming = broker.createChannel()) {
      consuming.queueDeclare(queue, true, false, false, Map.of());
      consuming.basicQos(prefetch);
      CountDownLatch all = new CountDownLatch(count);
      AtomicLong lastAt = new AtomicLong();
      DefaultConsumer consumer =
          new DefaultConsumer(consuming) {
            @Override
            public void handleDelivery(
                String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                throws IOException {
              all.countDown();
              if (all.getCount() % ACK_EVERY == 0) {
                getChannel().basicAck(envelope.getDeliveryTag(), true);
              }
              lastAt.set(System.nanoTime());
            }
          };
      long start = System.nanoTime();
      if (!backlog) {
        consuming.basicConsume(queue, false, consumer);
      }
      Duration publishing = publish(broker, "", queue, "baseline", count);
      if (backlog) {
        start = System.nanoTime();
        consuming.basicConsume(queue, false, consumer);
      }
      boolean complete = all.await(10, TimeUnit.MINUTES);
      long remaining = consuming.queueDeclarePassive(queue).getMessageCount();
      consuming.queueDelete(queue);
      return new Result(
          count / seconds(publishing),
          count / ((lastAt.get() - start) / 1e9),
          Double.NaN,
          complete && remaining == 0 ? "all " + count + " consumed" : "INCOMPLETE");
    }
  }

  /**
   * Through the node: publish while it consumes, until the store holds every event once and the
   * read model has applied them.
   */
  private static Result throughMesh(
      Connection broker, Committed committed, String exchange, String tenant, int count)
      throws Exception {
    long before = committed.store.lastOffset();
    long start = System.nanoTime();
    CompletableFuture<Duration> publishing =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return publish(broker, exchange, null, tenant, count);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Result result = committed.await(start, before, tenant, count);
    Duration published = publishing.get(1, TimeUnit.MINUTES);
    return new Result(
        count / seconds(published), result.consumed(), result.projected(), result.check());
  }

  /**
   * The node's ingestion pipeline (the classes {@code NodeMessaging} wires: bus, consumer, writer,
   * store) started on a backlog of {@code count} events in a topology of its own, on the node's
   * actor system and database: the clock runs from the consumer's start to the last commit.
   */
  private static Result fromBacklog(
      MeshNode node, Connection broker, Committed committed, String name, int count)
      throws Exception {
    ActorSystem<?> system = node.system();
    Config config = system.settings().config();
    BusSettings defaults = BusSettings.fromConfig(config.getConfig("mesh.amqp"));
    BusTopology topology =
        BusTopology.fromConfig(
            ConfigFactory.parseMap(
                    Map.of(
                        "engagement-exchange", name + ".engagement",
                        "engagement-queue", name + ".analytics.engagement",
                        "mesh-exchange", name + ".mesh",
                        "task-queue", name + ".mesh.task.submit"))
                .withFallback(config.getConfig("mesh.amqp.topology")));
    try (Channel channel = broker.createChannel()) {
      AmqpTopology.declare(channel, topology);
    }
    Duration publishing = publish(broker, topology.engagementExchange(), null, name, count);
    IngestSettings ingest = IngestSettings.fromConfig(config.getConfig("mesh.analytics.ingest"));
    Executor blocking =
        system.dispatchers().lookup(DispatcherSelector.fromConfig("mesh.analytics.dispatcher"));
    try (EventBus bus = RabbitEventBus.open(system, defaults.withTopology(topology));
        EngagementStore pipelineStore =
            EngagementStore.open(NodeConfig.database(config), ingest.storePoolSize());
        EngagementWriter writer =
            EngagementWriter.start(
                system, pipelineStore, ingest.writeBatch(), ingest.writeQueue(), blocking)) {
      long before = committed.store.lastOffset();
      long start = System.nanoTime();
      InboxConsumer consumer =
          EngagementConsumer.start(
              system, bus, writer, ingest, defaults.minBackoff(), defaults.maxBackoff(), blocking);
      try {
        Result result = committed.await(start, before, name, count);
        return new Result(
            count / seconds(publishing), result.consumed(), result.projected(), result.check());
      } finally {
        consumer.close();
      }
    } finally {
      deleteTopology(broker, name);
    }
  }

  /**
   * The store and read model a round commits to, watched from connections of the benchmark's own:
   * when the store's head moves by a round's N, and when the read model's offset reaches that head.
   */
  private record Committed(
      EngagementStore store, EngagementReadModel readModel, BenchDatabase database) {

    /**
     * Waits for the store's head to move by {@code count} from {@code before}, then for the read
     * model to apply up to it; events/s of each from {@code start}, and both checks.
     */
    Result await(long start, long before, String tenant, int count) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      long head;
      while ((head = store.lastOffset()) - before < count && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      long stored = System.nanoTime();
      while (readModel.offset() < head && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(5);
      }
      long projected = System.nanoTime();
      CampaignCountsReference expected = new CampaignCountsReference();
      for (int i = 0; i < count; i++) {
        expected.count(event(tenant, i));
      }
      String readModelCheck = expected.check(readModel);
      return new Result(
          Double.NaN,
          count / ((stored - start) / 1e9),
          count / ((projected - start) / 1e9),
          storeCheck(tenant, count)
              + "; read model "
              + (readModelCheck.equals("exact")
                  ? "exact (" + expected.campaigns() + " campaigns)"
                  : readModelCheck));
    }

    /** Every event of the round stored once: count, distinct ids, and the expected ids' range. */
    private String storeCheck(String tenant, int count) throws Exception {
      try (java.sql.Connection connection = database.connect();
          PreparedStatement select =
              connection.prepareStatement(
                  "SELECT count(*), count(DISTINCT event_id), min(event_offset), max(event_offset)"
                      + " FROM "
                      + EngagementStore.TABLE
                      + " WHERE tenant = ?")) {
        select.setString(1, tenant);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          long rows = row.getLong(1);
          long distinct = row.getLong(2);
          long span = row.getLong(4) - row.getLong(3) + 1;
          return rows == count && distinct == count && span == count
              ? "exactly " + count + " stored, offsets dense"
              : "MISMATCH: " + rows + " rows, " + distinct + " distinct, offset span " + span;
        }
      }
    }
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static void awaitDeclared(Connection broker, String queue) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (Channel channel = broker.createChannel()) {
        channel.queueDeclarePassive(queue);
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  private static void deleteTopology(Connection broker, String run) throws Exception {
    try (Channel channel = broker.createChannel()) {
      List<String> queues = new ArrayList<>();
      for (String queue : List.of(run + ".analytics.engagement", run + ".mesh.task.submit")) {
        queues.addAll(
            List.of(
                queue,
                queue + ".dlq",
                queue + ".retry.1s",
                queue + ".retry.10s",
                queue + ".retry.60s"));
      }
      for (String queue : queues) {
        channel.queueDelete(queue);
      }
      channel.exchangeDelete(run + ".engagement");
      channel.exchangeDelete(run + ".mesh");
    }
  }
}
