package ai.maily.mesh.analytics.bus;

import java.time.Duration;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a consumer's stream for as long as the node runs: when it fails (the broker went away, the
 * database could not take a write) it starts again after a backoff that doubles from {@code
 * minBackoff} to {@code maxBackoff}, and what it left unsettled is delivered again.
 */
public final class InboxConsumer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(InboxConsumer.class);

  private final UniqueKillSwitch killSwitch;

  private InboxConsumer(UniqueKillSwitch killSwitch) {
    this.killSwitch = killSwitch;
  }

  /**
   * Starts {@code consumer}, a fresh stream from each call: typically {@code bus.consume(inbox,
   * prefetch)} through the stages that handle and settle the deliveries.
   */
  public static InboxConsumer start(
      ActorSystem<?> system,
      String name,
      Duration minBackoff,
      Duration maxBackoff,
      Supplier<Source<?, ?>> consumer) {
    // The failure is logged once, below, naming the consumer; the restart itself at debug level.
    RestartSettings backoff =
        RestartSettings.create(minBackoff, maxBackoff, 0.2)
            .withLogSettings(RestartSettings.createLogSettings(Logging.DebugLevel()));
    UniqueKillSwitch killSwitch =
        RestartSource.withBackoff(
                backoff,
                () -> {
                  LOG.debug("consumer {} starts", name);
                  return consumer
                      .get()
                      .map(element -> Done.getInstance())
                      .mapError(
                          Throwable.class,
                          failure -> {
                            LOG.warn(
                                "consumer {} failed, starts again: {}", name, failure.toString());
                            return failure;
                          });
                })
            .viaMat(KillSwitches.single(), Keep.right())
            .to(Sink.ignore())
            .run(system);
    return new InboxConsumer(killSwitch);
  }

  /** Stops consuming; unsettled deliveries come again to the next consumer. */
  @Override
  public void close() {
    killSwitch.shutdown();
  }
}
