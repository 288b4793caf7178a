package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.analytics.bus.BusHeaders;
import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.core.TcpProxy;
import ai.maily.mesh.core.jdbc.Database;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node on the local RabbitMQ (MESH_AMQP_URI), reached through a proxy the test can cut:
 * engagement events stored exactly once through a broker outage that the node survives and shows in
 * its readiness, task.submit commands with replies and dead letters, and the domain events the node
 * publishes. Exchanges and queues are named for the run and deleted after it.
 */
class AmqpIT {

  private static final String PREFIX = "it-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String ENGAGEMENT = PREFIX + ".engagement";
  private static final String MESH = PREFIX + ".mesh";
  private static final String ENGAGEMENT_QUEUE = PREFIX + ".analytics.engagement";
  private static final String TASK_QUEUE = PREFIX + ".mesh.task.submit";
  private static final List<String> DELAYS = List.of("100ms", "200ms");

  private static TcpProxy proxy;
  private static TestNode node;
  private static Connection broker;
  private static Channel channel;
  private static EngagementStore store;
  private static String events;

  @BeforeAll
  static void start() throws Exception {
    LocalServices.requireRabbitMq();
    proxy = TcpProxy.to("127.0.0.1", LocalServices.RABBITMQ_URI.getPort());
    node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of(
                    "mesh.amqp.uri", "amqp://guest:guest@127.0.0.1:" + proxy.port(),
                    "mesh.amqp.topology.engagement-exchange", ENGAGEMENT,
                    "mesh.amqp.topology.engagement-queue", ENGAGEMENT_QUEUE,
                    "mesh.amqp.topology.mesh-exchange", MESH,
                    "mesh.amqp.topology.task-queue", TASK_QUEUE,
                    "mesh.amqp.topology.retry-delays", DELAYS,
                    "mesh.amqp.restart.max-backoff", "1s",
                    "mesh.amqp.relay.poll-interval", "200ms")));
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(LocalServices.RABBITMQ_URI);
    broker = factory.newConnection("maily-mesh AmqpIT");
    channel = broker.createChannel();
    channel.confirmSelect();
    Database database = NodeConfig.database(node.node().system().settings().config());
    store = EngagementStore.open(database, 1);
    // The node declares its topology when its consumers connect, and its relay starts at the
    // journal's end when it first runs: wait for both before the tests publish or expect events.
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> declared(TASK_QUEUE));
    await().atMost(Duration.ofSeconds(30)).until(() -> relayStarted(database));
    events = channel.queueDeclare().getQueue();
    channel.queueBind(events, MESH, "task.completed");
    channel.queueBind(events, MESH, "certificate.issued");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
      store.close();
      for (String queue : List.of(ENGAGEMENT_QUEUE, TASK_QUEUE)) {
        channel.queueDelete(queue);
        channel.queueDelete(queue + ".dlq");
        for (String delay : DELAYS) {
          channel.queueDelete(queue + ".retry." + delay);
        }
      }
      channel.exchangeDelete(ENGAGEMENT);
      channel.exchangeDelete(MESH);
      broker.close();
      proxy.close();
    }
  }

  private static boolean declared(String queue) throws Exception {
    try (Channel probe = broker.createChannel()) {
      probe.queueDeclarePassive(queue);
      return true;
    }
  }

  private static boolean relayStarted(Database database) throws Exception {
    try (java.sql.Connection connection =
            DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM mesh_relay_offset WHERE relay = 'domain-events'")) {
      rows.next();
      return rows.getInt(1) == 1;
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  private static void publishEvents(String tenant, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      String body =
          "{\"eventId\": \"e-"
              + i
              + "\", \"tenant\": \""
              + tenant
              + "\", \"contactId\": \"c-"
              + (i % 10)
              + "\", \"campaignId\": \"spring\", \"channel\": \"email\", \"type\": \"open\","
              + " \"occurredAt\": \"2026-03-01T09:30:00Z\"}";
      channel.basicPublish(
          ENGAGEMENT,
          "engagement.email.open",
          MessageProperties.PERSISTENT_BASIC,
          body.getBytes(StandardCharsets.UTF_8));
    }
    channel.waitForConfirmsOrDie(30_000);
  }

  private static List<StoredEvent> storedOf(String tenant) {
    return store.after(0, 1_000_000).stream()
        .filter(stored -> stored.event().tenant().equals(tenant))
        .toList();
  }

  private static JsonNode bus() {
    HttpResponse<String> ready =
        node.send(
            HttpRequest.newBuilder(node.management("/health/ready"))
                .header("Accept", "application/json")
                .build());
    // The bus's details come with every answer: the node may not be ready yet for a reason of its
    // own (its embedding model warming up), and a broker outage leaves it ready.
    JsonNode bus = TestNode.json(ready).path("details").path("bus");
    assertThat(bus.isObject()).as(ready.body()).isTrue();
    return bus;
  }

  @Test
  void storesEveryEngagementEventOnceThroughABrokerOutageItSurvives() throws Exception {
    String tenant = "amqp-" + UUID.randomUUID();
    publishEvents(tenant, 0, 500);
    await().atMost(Duration.ofSeconds(30)).until(() -> storedOf(tenant).size() == 500);
    assertThat(bus().path("backend").asText()).isEqualTo("rabbitmq");
    assertThat(bus().path("connected").asBoolean()).isTrue();

    proxy.cut();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> !bus().path("connected").asBoolean());
      assertThat(bus().path("lastError").asText()).isNotBlank();
      publishEvents(tenant, 250, 1000);
    } finally {
      proxy.restore();
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> storedOf(tenant).size() == 1000);
    assertThat(storedOf(tenant))
        .extracting(stored -> stored.event().eventId())
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 1000).mapToObj(i -> "e-" + i).toList());
    await().atMost(Duration.ofSeconds(30)).until(() -> bus().path("connected").asBoolean());
  }

  private static GetResponse awaitMessage(String queue) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> channel.basicGet(queue, true), response -> response != null);
  }

  private static JsonNode json(GetResponse message) throws Exception {
    return Json.MAPPER.readTree(message.getBody());
  }

  @Test
  void aTaskSubmitCommandStartsATaskAnswersAndItsCompletionIsPublished() throws Exception {
    String tenant = "amqp-" + UUID.randomUUID();
    String replies = channel.queueDeclare().getQueue();
    String command =
        "{\"tenant\": \""
            + tenant
            + "\", \"submittedBy\": \"crm\", \"playbook\": \"email-check\", \"input\": "
            + RestApiIT.EMAIL_INPUT
            + "}";
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .messageId("cmd-" + tenant)
            .correlationId("corr-1")
            .replyTo(replies)
            .deliveryMode(2)
            .build();
    channel.basicPublish(MESH, "task.submit", properties, command.getBytes(StandardCharsets.UTF_8));

    GetResponse reply = awaitMessage(replies);
    assertThat(reply.getProps().getCorrelationId()).isEqualTo("corr-1");
    JsonNode submitted = json(reply);
    String taskId = submitted.path("taskId").asText();
    assertThat(submitted.path("created").asBoolean()).isTrue();
    JsonNode task = RestApiIT.awaitTask(node, node.token(tenant, Role.VIEWER), taskId, "COMPLETED");
    assertThat(task.path("tenant").asText()).isEqualTo(tenant);

    JsonNode completed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  GetResponse message = channel.basicGet(events, true);
                  return message == null ? null : json(message);
                },
                message -> message != null && taskId.equals(message.path("taskId").asText()));
    assertThat(completed.path("tenant").asText()).isEqualTo(tenant);
    assertThat(completed.path("status").asText()).isEqualTo("COMPLETED");

    // The same command again (a redelivery) names the same task.
    channel.basicPublish(MESH, "task.submit", properties, command.getBytes(StandardCharsets.UTF_8));
    JsonNode again = json(awaitMessage(replies));
    assertThat(again.path("taskId").asText()).isEqualTo(taskId);
    assertThat(again.path("created").asBoolean()).isFalse();
  }

  @Test
  void aCommandThatCannotSucceedIsAnsweredWithTheProblemAndDeadLettered() throws Exception {
    String replies = channel.queueDeclare().getQueue();
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .messageId("bad-" + UUID.randomUUID())
            .correlationId("corr-2")
            .replyTo(replies)
            .build();
    channel.basicPublish(
        MESH,
        "task.submit",
        properties,
        "{\"tenant\": \"acme\", \"playbook\": \"no-such-playbook\", \"input\": {}}"
            .getBytes(StandardCharsets.UTF_8));

    JsonNode problem = json(awaitMessage(replies));
    assertThat(problem.path("type").asText()).startsWith("urn:maily:problem:");
    assertThat(problem.path("status").asInt()).isBetween(400, 499);
    GetResponse letter = awaitMessage(TASK_QUEUE + ".dlq");
    assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE))
        .hasToString(BusHeaders.POISON);
    assertThat(letter.getProps().getHeaders().get(BusHeaders.FAILURE_REASON).toString())
        .contains(problem.path("type").asText());
  }

  @Test
  void aCertificateTheLogIssuesIsPublished() throws Exception {
    String tenant = "amqp-" + UUID.randomUUID();
    HttpResponse<String> certified =
        node.post(
            "/certificates",
            node.token(tenant, Role.EDITOR),
            "{\"subject\": {\"type\": \"campaign\", \"id\": \"spring\"},"
                + " \"email\": {\"from\": \"news@acme.com\", \"subject\": \"Hi\"}}");
    assertThat(certified.statusCode()).as(certified.body()).isEqualTo(201);
    String certificateId = TestNode.json(certified).path("certificateId").asText();

    JsonNode issued =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  GetResponse message = channel.basicGet(events, true);
                  return message == null ? null : json(message);
                },
                message ->
                    message != null
                        && certificateId.equals(message.path("certificateId").asText()));
    assertThat(issued.path("tenant").asText()).isEqualTo(tenant);
    assertThat(issued.path("subject").path("type").asText()).isEqualTo("campaign");
    assertThat(issued.path("leafIndex").asLong())
        .isEqualTo(TestNode.json(certified).path("leafIndex").asLong());
  }
}
