package ai.maily.mesh.analytics.bus.relay;

import ai.maily.mesh.core.resilience.Backoff;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link JournalRelay} on one node of the cluster (a cluster singleton, so each event is
 * published by one relay): a round every poll interval, the next at once while rounds read full
 * pages. The relay is opened on the singleton's node when it first runs, and closed when the
 * singleton stops or moves.
 */
public final class RelayRunner {

  private static final Logger LOG = LoggerFactory.getLogger(RelayRunner.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private sealed interface Message {}

  private enum Tick implements Message {
    INSTANCE
  }

  private enum Stop implements Message {
    INSTANCE
  }

  private record RoundDone(int rows, Throwable failure) implements Message {}

  private RelayRunner() {}

  /**
   * Starts the singleton {@code name} in the cluster; {@code relay} opens the relay, and rounds run
   * on {@code blocking}.
   */
  public static void start(
      ActorSystem<?> system,
      String name,
      Supplier<JournalRelay> relay,
      RelaySettings settings,
      Executor blocking) {
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                    Behaviors.supervise(behavior(relay, settings, blocking))
                        .onFailure(
                            SupervisorStrategy.restartWithBackoff(
                                settings.pollInterval(), Duration.ofMinutes(1), 0.2)),
                    name)
                .withStopMessage(Stop.INSTANCE));
  }

  private static Behavior<Message> behavior(
      Supplier<JournalRelay> open, RelaySettings settings, Executor blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  // Opened by the first round, on the blocking dispatcher; closed when stopping.
                  AtomicReference<JournalRelay> relay = new AtomicReference<>();
                  // Consecutive failed rounds (the broker or the database is down): the wait
                  // before the next doubles from the poll interval up to MAX_BACKOFF.
                  int[] failures = {0};
                  Backoff backoff =
                      new Backoff(
                          settings.pollInterval(),
                          settings.pollInterval().compareTo(MAX_BACKOFF) > 0
                              ? settings.pollInterval()
                              : MAX_BACKOFF,
                          () -> 1.0);
                  context.getSelf().tell(Tick.INSTANCE);
                  return Behaviors.receive(Message.class)
                      .onMessage(
                          Tick.class,
                          tick -> {
                            context.pipeToSelf(
                                CompletableFuture.supplyAsync(
                                    () -> {
                                      if (relay.get() == null) {
                                        relay.set(open.get());
                                      }
                                      return relay.get().relayOnce();
                                    },
                                    blocking),
                                RoundDone::new);
                            return Behaviors.same();
                          })
                      .onMessage(
                          RoundDone.class,
                          done -> {
                            Duration wait;
                            if (done.failure() != null) {
                              failures[0]++;
                              wait = backoff.ceiling(failures[0]);
                              LOG.warn(
                                  "the domain-event relay failed a round, tries again in {}: {}",
                                  wait,
                                  done.failure().toString());
                            } else {
                              failures[0] = 0;
                              wait =
                                  done.rows() >= settings.pageSize()
                                      ? Duration.ZERO
                                      : settings.pollInterval();
                            }
                            timers.startSingleTimer(Tick.INSTANCE, wait);
                            return Behaviors.same();
                          })
                      .onMessage(Stop.class, stop -> Behaviors.stopped())
                      .onSignal(
                          PostStop.class,
                          stop -> {
                            JournalRelay opened = relay.getAndSet(null);
                            if (opened != null) {
                              opened.close();
                            }
                            return Behaviors.same();
                          })
                      .build();
                }));
  }
}
