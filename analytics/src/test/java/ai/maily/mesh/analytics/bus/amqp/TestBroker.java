package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.BusSettings;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Inbox;
import ai.maily.mesh.core.LocalServices;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The local RabbitMQ for tests: a topology of names of their own per test, so that runs never share
 * a queue, deleted afterwards; and a plain client connection to look at the broker with.
 */
public final class TestBroker implements AutoCloseable {

  private final Connection connection;
  private final List<BusTopology> declared = new ArrayList<>();

  private TestBroker(Connection connection) {
    this.connection = connection;
  }

  /** Skips (or, in CI, fails) the test unless the local RabbitMQ answers; connects to it. */
  public static TestBroker connect() throws Exception {
    LocalServices.requireRabbitMq();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(LocalServices.RABBITMQ_URI);
    return new TestBroker(factory.newConnection("maily-mesh test"));
  }

  /**
   * A topology whose names are this test's own, with {@code retryDelays}, declared on the broker
   * (so messages published before a bus connects are kept); deleted on close.
   */
  public BusTopology topology(List<Duration> retryDelays) throws Exception {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8);
    BusTopology topology =
        new BusTopology(
            prefix + ".engagement",
            prefix + ".mesh",
            new Inbox(
                prefix + ".analytics.engagement",
                prefix + ".engagement",
                List.of("engagement.#"),
                retryDelays),
            new Inbox(
                prefix + ".mesh.task.submit",
                prefix + ".mesh",
                List.of(BusTopology.TASK_SUBMIT),
                retryDelays));
    declared.add(topology);
    try (Channel channel = channel()) {
      AmqpTopology.declare(channel, topology);
    }
    return topology;
  }

  /** The node's default bus settings on {@code broker} with {@code topology}. */
  public static BusSettings settings(URI broker, BusTopology topology) {
    return BusSettings.fromConfig(ConfigFactory.load().getConfig("mesh.amqp"))
        .withUri(broker)
        .withTopology(topology);
  }

  /** A channel of the test's own connection. */
  public Channel channel() throws Exception {
    return connection.createChannel();
  }

  /** How many messages {@code queue} holds ready (not delivered to a consumer). */
  public long ready(String queue) throws Exception {
    try (Channel channel = channel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  @Override
  public void close() throws IOException, TimeoutException {
    try (Channel channel = connection.createChannel()) {
      for (BusTopology topology : declared) {
        for (Inbox inbox : topology.inboxes()) {
          channel.queueDelete(inbox.queue());
          for (int i = 0; i < inbox.retryDelays().size(); i++) {
            channel.queueDelete(inbox.retryQueue(i));
          }
          channel.queueDelete(inbox.deadLetterQueue());
        }
        channel.exchangeDelete(topology.engagementExchange());
        channel.exchangeDelete(topology.meshExchange());
      }
    } finally {
      connection.close();
    }
  }
}
