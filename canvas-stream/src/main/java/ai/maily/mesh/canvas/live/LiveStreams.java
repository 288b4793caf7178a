package ai.maily.mesh.canvas.live;

import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The node's live streams (ADR 0024): one {@link Channel} per stream followed on this node, shared
 * by the sockets and the event APIs that follow it, started when the first one joins and stopped a
 * while after the last one left. Each follower gets each event once and in order, from where it
 * asked, then live as it happens.
 */
public final class LiveStreams {

  private final ActorSystem<?> system;
  private final LiveSettings settings;
  private final ActorRef<Command> registry;

  public LiveStreams(ActorSystem<?> system, JournalReader reader, LiveSettings settings) {
    this.system = system;
    this.settings = settings;
    this.registry =
        system.systemActorOf(Registry.create(reader, settings), "live-streams", Props.empty());
  }

  public ActorSystem<?> system() {
    return system;
  }

  public LiveSettings settings() {
    return settings;
  }

  /**
   * The events of {@code pid} after position {@code after}, then live as they happen, each once and
   * in order. The stream completes when the entity's stream ends (a task's last event), and fails
   * with {@link FellBehind} if its consumer falls more than {@code mesh.live.buffer} events behind,
   * to be followed again from its last event.
   */
  public Source<StreamEvent, NotUsed> follow(String pid, long after) {
    Pair<BoundedSourceQueue<StreamEvent>, Source<StreamEvent, NotUsed>> queue =
        Source.<StreamEvent>queue(settings.buffer()).preMaterialize(system);
    BoundedSourceQueue<StreamEvent> events = queue.first();
    Subscriber subscriber =
        new Subscriber() {
          @Override
          public boolean event(Delivery delivery) {
            return events.offer(delivery.event()) == QueueOfferResult.enqueued();
          }

          @Override
          public int room() {
            return settings.buffer() - events.size();
          }

          @Override
          public void fellBehind(String behindIn, long seq) {
            ended(() -> events.fail(new FellBehind(behindIn, seq)));
          }

          @Override
          public void ended(String endedPid) {
            ended(events::complete);
          }

          private void ended(Runnable end) {
            try {
              end.run();
            } catch (IllegalStateException alreadyEnded) {
              // The consumer cancelled first, which ended the queue.
            }
          }
        };
    join(pid, after, subscriber, null);
    return queue
        .second()
        .watchTermination(
            (notUsed, done) -> {
              done.whenComplete((ok, failure) -> leave(pid, subscriber));
              return notUsed;
            });
  }

  /**
   * {@code subscriber} follows {@code pid} from the event after {@code after}; {@code member}, if
   * not null, is the person on the canvas behind it.
   */
  void join(String pid, long after, Subscriber subscriber, Presence.Member member) {
    registry.tell(new Join(pid, new Channel.Join(subscriber, after, member)));
  }

  void leave(String pid, Subscriber subscriber) {
    registry.tell(new Leave(pid, new Channel.Leave(subscriber)));
  }

  sealed interface Command {}

  private record Join(String pid, Channel.Join join) implements Command {}

  private record Leave(String pid, Channel.Leave leave) implements Command {}

  /**
   * A channel that has had no subscriber for {@code mesh.live.channel-idle} offers to stop; it is
   * stopped unless a join is on its way to it ({@code joins} counts those it has taken).
   */
  record Idle(String pid, ActorRef<Channel.Command> channel, long joins) implements Command {}

  /** The node's channels, and how many joins each was sent. */
  private static final class Registry extends AbstractBehavior<Command> {

    private static final class Entry {
      final ActorRef<Channel.Command> channel;
      long joins;

      Entry(ActorRef<Channel.Command> channel) {
        this.channel = channel;
      }
    }

    private final JournalReader reader;
    private final LiveSettings settings;
    private final ActorRef<Idle> idle;
    private final Map<String, Entry> channels = new HashMap<>();
    private long started;

    static Behavior<Command> create(JournalReader reader, LiveSettings settings) {
      return Behaviors.setup(context -> new Registry(context, reader, settings));
    }

    private Registry(ActorContext<Command> context, JournalReader reader, LiveSettings settings) {
      super(context);
      this.reader = reader;
      this.settings = settings;
      this.idle = context.getSelf().narrow();
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Join.class, this::onJoin)
          .onMessage(Leave.class, this::onLeave)
          .onMessage(Idle.class, this::onIdle)
          .build();
    }

    private Behavior<Command> onJoin(Join join) {
      if (!reader.knows(join.pid())) {
        return this;
      }
      Entry entry = channels.get(join.pid());
      if (entry == null) {
        // Persistence ids hold characters an actor's name may not.
        entry =
            new Entry(
                getContext()
                    .spawn(
                        Channel.create(join.pid(), join.join().after(), idle, reader, settings),
                        "channel-" + ++started));
        channels.put(join.pid(), entry);
      }
      entry.joins++;
      entry.channel.tell(join.join());
      return this;
    }

    private Behavior<Command> onLeave(Leave leave) {
      Entry entry = channels.get(leave.pid());
      if (entry != null) {
        entry.channel.tell(leave.leave());
      }
      return this;
    }

    private Behavior<Command> onIdle(Idle idle) {
      Entry entry = channels.get(idle.pid());
      if (entry != null && entry.channel.equals(idle.channel()) && entry.joins == idle.joins()) {
        channels.remove(idle.pid());
        getContext().stop(entry.channel);
      }
      return this;
    }
  }
}
