package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Inbox;
import ai.maily.mesh.analytics.bus.amqp.AmqpTopology;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.core.LocalServices;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL while it consumes a backlog of engagement events from RabbitMQ, and
 * started again: every event is stored exactly once. Deliveries it had written but not yet
 * acknowledged come again and are duplicates; deliveries it had not written come again and are
 * stored. The store is on PostgreSQL, so the test can count while the node runs.
 */
class AmqpCrashIT {

  private static final int EVENTS = 20_000;

  @Test
  void aNodeKilledMidStreamLeavesEveryEventStoredExactlyOnceAfterItsRestart() throws Exception {
    LocalServices.requireRabbitMq();
    LocalServices.requirePostgres();
    String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    String database = prefix.replace('-', '_');
    BusTopology topology =
        new BusTopology(
            prefix + ".engagement",
            prefix + ".mesh",
            new Inbox(
                prefix + ".analytics.engagement",
                prefix + ".engagement",
                List.of("engagement.#"),
                List.of(Duration.ofSeconds(1))),
            new Inbox(
                prefix + ".mesh.task.submit",
                prefix + ".mesh",
                List.of(BusTopology.TASK_SUBMIT),
                List.of(Duration.ofSeconds(1))));
    Map<String, String> environment =
        Map.of(
            "MESH_AMQP_URI", LocalServices.RABBITMQ_URI.toString(),
            "MESH_AMQP_ENGAGEMENT_EXCHANGE", topology.engagementExchange(),
            "MESH_AMQP_ENGAGEMENT_QUEUE", topology.engagement().queue(),
            "MESH_AMQP_MESH_EXCHANGE", topology.meshExchange(),
            "MESH_AMQP_TASK_QUEUE", topology.taskCommands().queue(),
            "MESH_DB_URL", LocalServices.postgresUrl(database),
            "MESH_DB_USER", LocalServices.POSTGRES_USER);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(LocalServices.RABBITMQ_URI);
    Path dataDir = Files.createTempDirectory("mesh-amqp-crash");
    execute("CREATE DATABASE " + database);
    try (Connection broker = factory.newConnection("maily-mesh AmqpCrashIT");
        Channel channel = broker.createChannel()) {
      try {
        AmqpTopology.declare(channel, topology);
        publishBacklog(channel, topology.engagementExchange());
        String queue = topology.engagement().queue();

        // Not waiting for the node to be ready: it consumes from the start, while its embedding
        // model still warms up, and must be found mid-stream.
        try (NodeProcess node = NodeProcess.launch(dataDir, environment)) {
          await()
              .atMost(Duration.ofSeconds(120))
              .until(() -> channel.queueDeclarePassive(queue).getMessageCount() < EVENTS * 3 / 4);
          node.kill();
        }
        long storedAtKill = count(database)[0];
        assertThat(storedAtKill).isBetween(1L, EVENTS - 1L);

        try (NodeProcess node = NodeProcess.start(dataDir, environment)) {
          await().atMost(Duration.ofSeconds(180)).until(() -> count(database)[0] >= EVENTS);
          long[] counts = count(database);
          assertThat(counts[0]).as("rows").isEqualTo(EVENTS);
          assertThat(counts[1]).as("distinct event ids").isEqualTo(EVENTS);
          assertThat(counts[2]).as("offset span").isEqualTo(EVENTS);
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> channel.queueDeclarePassive(queue).getMessageCount() == 0);
          assertThat(
                  channel
                      .queueDeclarePassive(topology.engagement().deadLetterQueue())
                      .getMessageCount())
              .isZero();
          node.stop();
        }
      } finally {
        for (Inbox inbox : topology.inboxes()) {
          channel.queueDelete(inbox.queue());
          channel.queueDelete(inbox.retryQueue(0));
          channel.queueDelete(inbox.deadLetterQueue());
        }
        channel.exchangeDelete(topology.engagementExchange());
        channel.exchangeDelete(topology.meshExchange());
      }
    } finally {
      execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void publishBacklog(Channel channel, String exchange) throws Exception {
    channel.confirmSelect();
    for (int i = 0; i < EVENTS; i++) {
      String body =
          "{\"eventId\": \"e-"
              + i
              + "\", \"tenant\": \"crash\", \"contactId\": \"c-"
              + (i % 500)
              + "\", \"campaignId\": \"spring\", \"channel\": \"email\", \"type\": \"delivered\","
              + " \"occurredAt\": \"2026-03-01T09:30:00Z\"}";
      channel.basicPublish(
          exchange,
          "engagement.email.delivered",
          MessageProperties.PERSISTENT_BASIC,
          body.getBytes(StandardCharsets.UTF_8));
      if (i % 1000 == 999) {
        channel.waitForConfirmsOrDie(30_000);
      }
    }
    channel.waitForConfirmsOrDie(30_000);
  }

  /** Rows, distinct event ids and the span of offsets in the store; zeros before it exists. */
  private static long[] count(String database) throws Exception {
    try (java.sql.Connection connection =
            DriverManager.getConnection(
                LocalServices.postgresUrl(database), LocalServices.POSTGRES_USER, "");
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT count(*), count(DISTINCT event_id),"
                    + " coalesce(max(event_offset) - min(event_offset) + 1, 0) FROM "
                    + EngagementStore.TABLE)) {
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return new long[] {row.getLong(1), row.getLong(2), row.getLong(3)};
      }
    } catch (java.sql.SQLException e) {
      return new long[] {0, 0, 0};
    }
  }

  private static void execute(String sql) throws Exception {
    try (java.sql.Connection connection = LocalServices.postgres();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
