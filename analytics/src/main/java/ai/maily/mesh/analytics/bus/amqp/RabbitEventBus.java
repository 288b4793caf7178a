package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.BusCounters;
import ai.maily.mesh.analytics.bus.BusSettings;
import ai.maily.mesh.analytics.bus.BusStatus;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.Inbox;
import ai.maily.mesh.analytics.bus.Outgoing;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The bus on a RabbitMQ broker, through the official Java client (ADR 0032). Publishing uses one
 * connection with a channel in confirm mode, opened on first use and again after it is lost;
 * consuming opens a connection per consumer ({@link AmqpSource}). Nothing connects at start, so a
 * node starts while the broker is down; the client's own automatic recovery is off, since the
 * consumers start again under a backoff and publishers retry, which also covers a broker that was
 * never reached.
 */
public final class RabbitEventBus implements EventBus {

  private final ConnectionFactory factory;
  private final BusTopology topology;
  private final String broker;
  private final Executor executor;
  private final ConnectionState state = new ConnectionState();
  private final BusCounters counters = new BusCounters();
  private Connection connection;
  private ConfirmingPublisher publisher;
  private boolean closed;

  private RabbitEventBus(
      ConnectionFactory factory, BusTopology topology, String broker, Executor executor) {
    this.factory = factory;
    this.topology = topology;
    this.broker = broker;
    this.executor = executor;
  }

  /**
   * The bus on the broker at {@code settings.uri()}; its connections' blocking work runs on {@code
   * mesh.amqp.dispatcher}.
   */
  public static RabbitEventBus open(ActorSystem<?> system, BusSettings settings) {
    URI uri = settings.uri().orElseThrow(() -> new IllegalArgumentException("no broker URI"));
    return new RabbitEventBus(
        connectionFactory(uri, settings),
        settings.topology(),
        uri.getHost() + ":" + port(uri) + vhost(uri),
        system.dispatchers().lookup(DispatcherSelector.fromConfig("mesh.amqp.dispatcher")));
  }

  private static ConnectionFactory connectionFactory(URI uri, BusSettings settings) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
      if (factory.isSSL()) {
        // setUri trusts any certificate for amqps; check the broker's against the JVM's trust
        // store and its host name instead.
        factory.useSslProtocol(SSLContext.getDefault());
        factory.enableHostnameVerification();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a usable AMQP URI: " + e.getMessage(), e);
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setConnectionTimeout(Math.toIntExact(settings.connectionTimeout().toMillis()));
    factory.setHandshakeTimeout(Math.toIntExact(settings.connectionTimeout().toMillis()));
    factory.setRequestedHeartbeat(Math.toIntExact(settings.heartbeat().toSeconds()));
    return factory;
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "amqps".equals(uri.getScheme())
        ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
        : ConnectionFactory.DEFAULT_AMQP_PORT;
  }

  private static String vhost(URI uri) {
    return uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
  }

  @Override
  public BusTopology topology() {
    return topology;
  }

  @Override
  public CompletionStage<Done> publish(Outgoing message) {
    return CompletableFuture.supplyAsync(this::publisher, executor)
        .thenCompose(confirming -> confirming.publish(message))
        .thenApply(
            done -> {
              counters.published();
              return done;
            });
  }

  /** The open confirming channel, opening a connection for it if there is none. */
  private synchronized ConfirmingPublisher publisher() {
    if (closed) {
      throw new IllegalStateException("the bus is closed");
    }
    if (publisher != null && publisher.isOpen()) {
      return publisher;
    }
    if (connection != null) {
      connection.abort(AmqpSource.CLOSE_TIMEOUT_MILLIS);
    }
    try {
      connection = factory.newConnection("maily-mesh publisher");
      connection.addShutdownListener(
          cause -> {
            if (!cause.isInitiatedByApplication()) {
              state.down(cause);
            }
          });
      var channel = connection.createChannel();
      AmqpTopology.declare(channel, topology);
      publisher = new ConfirmingPublisher(channel);
      state.up();
      return publisher;
    } catch (IOException | TimeoutException e) {
      state.down(e);
      throw new IllegalStateException("the broker at " + broker + " cannot be reached: " + e, e);
    }
  }

  @Override
  public Source<Delivery, NotUsed> consume(Inbox inbox, int prefetch) {
    return AmqpSource.create(factory, topology, inbox, prefetch, executor, state, counters);
  }

  @Override
  public BusStatus status() {
    return new BusStatus(
        "rabbitmq", broker, state.connected(), state.lastError(), counters.snapshot());
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.abort(AmqpSource.CLOSE_TIMEOUT_MILLIS);
    }
  }
}
