package ai.maily.mesh.core.live;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The live path of the mesh's streams: a cluster-wide pub-sub {@link Topic} per entity, named by
 * its persistence id (so one per tenant and task, or tenant and canvas). Entities publish the
 * events of each write once the journal holds them, and ephemeral messages; the node's stream hub
 * subscribes. Delivery is at most once: the journal stays the source of truth and readers fill gaps
 * from it.
 *
 * <p>A node keeps one topic actor per persistence id it publishes or listens to, and stops it when
 * it has had no local subscriber and no message for {@code mesh.live.topic-idle}.
 */
public final class LiveTopics implements Extension {

  private static final ExtensionId<LiveTopics> ID =
      new ExtensionId<>() {
        @Override
        public LiveTopics createExtension(ActorSystem<?> system) {
          Duration idle = system.settings().config().getDuration("mesh.live.topic-idle");
          return new LiveTopics(
              system.systemActorOf(Registry.create(idle), "live-topics", Props.empty()));
        }
      };

  private final ActorRef<Command> registry;

  private LiveTopics(ActorRef<Command> registry) {
    this.registry = registry;
  }

  public static LiveTopics get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** Sends {@code message} to the subscribers of its entity's topic, on every node. */
  public void publish(LiveMessage message) {
    registry.tell(new Publish(message));
  }

  /**
   * {@code subscriber} gets what is published for {@code persistenceId} from now on, starting with
   * a {@link LiveMessage.Subscribed} once the subscription is in place.
   */
  public void subscribe(String persistenceId, ActorRef<LiveMessage> subscriber) {
    registry.tell(new Subscribe(persistenceId, subscriber));
  }

  public void unsubscribe(String persistenceId, ActorRef<LiveMessage> subscriber) {
    registry.tell(new Unsubscribe(persistenceId, subscriber));
  }

  sealed interface Command {}

  private record Publish(LiveMessage message) implements Command {}

  private record Subscribe(String persistenceId, ActorRef<LiveMessage> subscriber)
      implements Command {}

  private record Unsubscribe(String persistenceId, ActorRef<LiveMessage> subscriber)
      implements Command {}

  private enum Sweep implements Command {
    INSTANCE
  }

  /** The node's topic actors, their local subscribers, and when each was last used. */
  private static final class Registry extends AbstractBehavior<Command> {

    private static final class Entry {
      final ActorRef<Topic.Command<LiveMessage>> topic;
      final Set<ActorRef<LiveMessage>> subscribers = new HashSet<>();
      Instant lastUsed;

      Entry(ActorRef<Topic.Command<LiveMessage>> topic, Instant now) {
        this.topic = topic;
        this.lastUsed = now;
      }
    }

    private final Duration idle;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Entry> topics = new HashMap<>();
    private long spawned;

    static Behavior<Command> create(Duration idle) {
      return Behaviors.setup(
          context ->
              Behaviors.withTimers(
                  timers -> {
                    timers.startTimerWithFixedDelay(Sweep.INSTANCE, idle);
                    return new Registry(context, idle);
                  }));
    }

    private Registry(ActorContext<Command> context, Duration idle) {
      super(context);
      this.idle = idle;
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(
              Publish.class,
              p -> {
                entry(p.message().persistenceId()).topic.tell(Topic.publish(p.message()));
                return this;
              })
          .onMessage(Subscribe.class, this::onSubscribe)
          .onMessage(Unsubscribe.class, this::onUnsubscribe)
          .onMessage(Sweep.class, s -> sweep())
          .onSignal(Terminated.class, this::onTerminated)
          .build();
    }

    private Behavior<Command> onSubscribe(Subscribe s) {
      Entry entry = entry(s.persistenceId());
      if (entry.subscribers.add(s.subscriber())) {
        entry.topic.tell(Topic.subscribe(s.subscriber()));
        getContext().watch(s.subscriber());
      }
      // Publications pass through this actor to the topic after the subscription it has just
      // passed on, so the topic has the subscriber before any publication that follows this.
      s.subscriber().tell(new LiveMessage.Subscribed(s.persistenceId()));
      return this;
    }

    private Behavior<Command> onUnsubscribe(Unsubscribe s) {
      Entry entry = topics.get(s.persistenceId());
      if (entry != null && entry.subscribers.remove(s.subscriber())) {
        entry.topic.tell(Topic.unsubscribe(s.subscriber()));
        entry.lastUsed = clock.instant();
      }
      return this;
    }

    /** A subscriber that stopped leaves every topic; its topic actors forget it by themselves. */
    private Behavior<Command> onTerminated(Terminated terminated) {
      for (Entry entry : topics.values()) {
        if (entry.subscribers.remove(terminated.getRef())) {
          entry.lastUsed = clock.instant();
        }
      }
      return this;
    }

    private Behavior<Command> sweep() {
      Instant cutoff = clock.instant().minus(idle);
      for (Iterator<Entry> it = topics.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (entry.subscribers.isEmpty() && entry.lastUsed.isBefore(cutoff)) {
          getContext().stop(entry.topic);
          it.remove();
        }
      }
      return this;
    }

    private Entry entry(String persistenceId) {
      Entry entry = topics.get(persistenceId);
      if (entry == null) {
        // Persistence ids hold characters an actor's name may not: the topic's name is the id.
        ActorRef<Topic.Command<LiveMessage>> topic =
            getContext()
                .spawn(Topic.create(LiveMessage.class, persistenceId), "topic-" + ++spawned);
        entry = new Entry(topic, clock.instant());
        topics.put(persistenceId, entry);
      } else {
        entry.lastUsed = clock.instant();
      }
      return entry;
    }
  }
}
