package ai.maily.mesh.analytics.bus;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The mesh's messaging port (ADR 0032): publish with confirmation, consume with acknowledgement.
 * In-process by default ({@link LocalEventBus}); RabbitMQ when {@code mesh.amqp.uri} is set ({@code
 * RabbitEventBus}); {@link NodeEventBus} opens the node's. Both declare the same {@link
 * BusTopology} and settle deliveries the same way: acknowledged, retried through delay queues,
 * dead-lettered with a reason, or handed back.
 */
public interface EventBus extends AutoCloseable {

  /** What the bus declared. */
  BusTopology topology();

  /**
   * Publishes {@code message}; completes once the bus holds it (RabbitMQ: the broker confirmed it),
   * fails if it cannot say so. A message may be published twice when a confirmation is lost:
   * consumers drop repeats by message id.
   */
  CompletionStage<Done> publish(Outgoing message);

  /**
   * Publishing as a stream stage: each message passes once the bus holds it, up to {@code
   * parallelism} awaiting confirmation at once; the stage fails with the first that is not
   * confirmed.
   */
  default Flow<Outgoing, Outgoing, NotUsed> publisher(int parallelism) {
    return Flow.<Outgoing>create()
        .mapAsync(parallelism, message -> publish(message).thenApply(done -> message));
  }

  /**
   * The deliveries of {@code inbox}, at most {@code prefetch} of them unsettled at once. The source
   * fails when the connection to the broker does; deliveries still unsettled then come again. Run
   * it under a restart with backoff ({@link InboxConsumer}).
   */
  Source<Delivery, NotUsed> consume(Inbox inbox, int prefetch);

  /** For {@code /health/ready}. */
  BusStatus status();

  /** Closes the bus's connections; deliveries not settled come again to the next consumer. */
  @Override
  void close();
}
