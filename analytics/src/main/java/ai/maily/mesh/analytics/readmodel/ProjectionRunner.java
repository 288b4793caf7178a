package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.store.EngagementStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link Projection} up to date on one node of the cluster (a cluster singleton; the
 * offset's row lock would keep a second one correct, only busy): a round every poll interval, the
 * next at once while rounds apply full batches. After each committed round that changed campaigns'
 * counts it tells {@link CampaignChanges} which.
 */
public final class ProjectionRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ProjectionRunner.class);

  private sealed interface Message {}

  private enum Tick implements Message {
    INSTANCE
  }

  private enum Stop implements Message {
    INSTANCE
  }

  private record RoundDone(ProjectedBatch projected, Throwable failure) implements Message {}

  private ProjectionRunner() {}

  /** Starts the singleton {@code name}, projecting {@code store} into {@code projection}. */
  public static void start(
      ActorSystem<?> system,
      String name,
      Projection projection,
      EngagementStore store,
      ReadModelSettings settings,
      Executor blocking) {
    ClusterSingleton.get(system)
        .init(
            SingletonActor.of(
                    Behaviors.supervise(behavior(name, projection, store, settings, blocking))
                        .onFailure(
                            SupervisorStrategy.restartWithBackoff(
                                settings.pollInterval(), Duration.ofMinutes(1), 0.2)),
                    name)
                .withStopMessage(Stop.INSTANCE));
  }

  private static Behavior<Message> behavior(
      String name,
      Projection projection,
      EngagementStore store,
      ReadModelSettings settings,
      Executor blocking) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  context.getSelf().tell(Tick.INSTANCE);
                  return Behaviors.receive(Message.class)
                      .onMessage(
                          Tick.class,
                          tick -> {
                            context.pipeToSelf(
                                CompletableFuture.supplyAsync(
                                    () -> projection.project(store, settings.batchSize()),
                                    blocking),
                                RoundDone::new);
                            return Behaviors.same();
                          })
                      .onMessage(
                          RoundDone.class,
                          done -> {
                            if (done.failure() != null) {
                              LOG.warn(
                                  "the projection {} failed a round: {}",
                                  name,
                                  done.failure().toString());
                            } else if (!done.projected().campaigns().isEmpty()) {
                              CampaignChanges.get(context.getSystem()).publish(done.projected());
                            }
                            Duration wait =
                                done.failure() == null
                                        && done.projected().events() >= settings.batchSize()
                                    ? Duration.ZERO
                                    : settings.pollInterval();
                            timers.startSingleTimer(Tick.INSTANCE, wait);
                            return Behaviors.same();
                          })
                      .onMessage(Stop.class, stop -> Behaviors.stopped())
                      .build();
                }));
  }
}
