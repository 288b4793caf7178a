package ai.maily.mesh.analytics.bus.amqp;

import ai.maily.mesh.analytics.bus.BusCounters;
import ai.maily.mesh.analytics.bus.BusTopology;
import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.Inbox;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * One queue of a RabbitMQ broker as a Pekko Streams source: each materialization opens a connection
 * of its own, declares the topology, and consumes with manual acknowledgements and a prefetch of
 * {@code prefetch}, which also bounds the source's buffer, so a delivery always finds room. The
 * source fails when the connection or the consumer ends (the broker went away, the queue was
 * deleted), and its cancellation closes the connection; either way the broker delivers what was not
 * acknowledged again.
 */
final class AmqpSource {

  /** How long closing a connection waits for the broker's answer. */
  static final int CLOSE_TIMEOUT_MILLIS = 2000;

  private AmqpSource() {}

  static Source<Delivery, NotUsed> create(
      ConnectionFactory factory,
      BusTopology topology,
      Inbox inbox,
      int prefetch,
      Executor executor,
      ConnectionState state,
      BusCounters counters) {
    return Source.<Delivery>queue(prefetch)
        .mapMaterializedValue(
            queue -> {
              Session session =
                  new Session(factory, topology, inbox, prefetch, queue, state, counters);
              executor.execute(session::open);
              return session;
            })
        .watchTermination(
            (session, terminated) -> {
              terminated.whenCompleteAsync((done, failure) -> session.close(), executor);
              return NotUsed.getInstance();
            });
  }

  /** A connection consuming one queue, with a confirming channel for retries and dead letters. */
  static final class Session {

    private final ConnectionFactory factory;
    private final BusTopology topology;
    private final Inbox inbox;
    private final int prefetch;
    private final BoundedSourceQueue<Delivery> queue;
    private final ConnectionState state;
    private final BusCounters counters;
    private Connection connection;
    private Channel channel;
    private ConfirmingPublisher publisher;
    private boolean closed;
    // Delivered and not settled yet; settled and not acknowledged to the broker yet.
    private final NavigableSet<Long> unsettled = new TreeSet<>();
    private final NavigableSet<Long> settled = new TreeSet<>();

    Session(
        ConnectionFactory factory,
        BusTopology topology,
        Inbox inbox,
        int prefetch,
        BoundedSourceQueue<Delivery> queue,
        ConnectionState state,
        BusCounters counters) {
      this.factory = factory;
      this.topology = topology;
      this.inbox = inbox;
      this.prefetch = prefetch;
      this.queue = queue;
      this.state = state;
      this.counters = counters;
    }

    void open() {
      Connection opened = null;
      try {
        opened = factory.newConnection("maily-mesh " + inbox.queue());
        Channel consuming = opened.createChannel();
        AmqpTopology.declare(consuming, topology);
        ConfirmingPublisher rerouting = new ConfirmingPublisher(opened.createChannel());
        consuming.basicQos(prefetch);
        synchronized (this) {
          if (closed) {
            opened.abort(CLOSE_TIMEOUT_MILLIS);
            return;
          }
          connection = opened;
          channel = consuming;
          publisher = rerouting;
        }
        opened.addShutdownListener(
            cause -> {
              if (!cause.isInitiatedByApplication()) {
                state.down(cause);
              }
              fail(cause);
            });
        consuming.basicConsume(inbox.queue(), false, new Consumer(consuming));
        state.up();
      } catch (IOException | TimeoutException | RuntimeException e) {
        state.down(e);
        fail(e);
        if (opened != null) {
          opened.abort(CLOSE_TIMEOUT_MILLIS);
        }
      }
    }

    /** Fails the source, unless it has ended already (cancelled, or failed by another signal). */
    private void fail(Throwable cause) {
      try {
        queue.fail(cause);
      } catch (IllegalStateException ended) {
        // The stream is over; there is nobody left to tell.
      }
    }

    synchronized void close() {
      closed = true;
      if (connection != null) {
        // Unacknowledged deliveries go back to the queue when the connection closes.
        connection.abort(CLOSE_TIMEOUT_MILLIS);
      }
    }

    /**
     * Acknowledges a delivery. Acknowledgements leave in order, one frame for many: a settled
     * delivery waits until every delivery before it on the channel is settled too, then they go
     * together as one {@code basic.ack} with {@code multiple} set.
     */
    synchronized void ack(long tag) {
      unsettled.remove(tag);
      settled.add(tag);
      flush();
    }

    /** Hands a delivery back to the queue at once. */
    synchronized void nack(long tag) {
      unsettled.remove(tag);
      if (isOpen()) {
        send(() -> channel.basicNack(tag, false, true));
      }
      flush();
    }

    /** Sends the acknowledgement of the settled deliveries below the oldest unsettled one. */
    private void flush() {
      long oldestUnsettled = unsettled.isEmpty() ? Long.MAX_VALUE : unsettled.first();
      NavigableSet<Long> ready = settled.headSet(oldestUnsettled, false);
      if (ready.isEmpty()) {
        return;
      }
      long upTo = ready.last();
      ready.clear();
      if (isOpen()) {
        send(() -> channel.basicAck(upTo, true));
      }
    }

    private synchronized void delivered(long tag) {
      unsettled.add(tag);
    }

    private boolean isOpen() {
      return channel != null && channel.isOpen();
    }

    CompletableFuture<Done> reroute(
        String queueName, AMQP.BasicProperties properties, byte[] body) {
      ConfirmingPublisher rerouting;
      synchronized (this) {
        rerouting = publisher;
      }
      return rerouting.publish("", queueName, properties, body);
    }

    Inbox inbox() {
      return inbox;
    }

    /**
     * Runs an acknowledgement on the consuming channel. One that fails (the channel closed
     * meanwhile) does nothing: the broker has taken the deliveries back and delivers them again.
     */
    private static void send(ChannelCall call) {
      try {
        call.run();
      } catch (IOException | AlreadyClosedException e) {
        // The deliveries come again, through the next connection.
      }
    }

    @FunctionalInterface
    private interface ChannelCall {
      void run() throws IOException;
    }

    private final class Consumer extends DefaultConsumer {

      Consumer(Channel channel) {
        super(channel);
      }

      @Override
      public void handleDelivery(
          String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        AmqpDelivery delivery =
            new AmqpDelivery(Session.this, envelope, properties, body, counters);
        delivered(envelope.getDeliveryTag());
        if (queue.offer(delivery) == QueueOfferResult.enqueued()) {
          counters.delivered(envelope.isRedeliver());
        } else {
          nack(envelope.getDeliveryTag());
        }
      }

      @Override
      public void handleCancel(String consumerTag) {
        fail(new IOException("the broker cancelled the consumer of " + inbox.queue()));
      }

      /** The channel closed (the broker closes one on a protocol error) or its connection did. */
      @Override
      public void handleShutdownSignal(String consumerTag, ShutdownSignalException cause) {
        fail(cause);
      }
    }
  }
}
