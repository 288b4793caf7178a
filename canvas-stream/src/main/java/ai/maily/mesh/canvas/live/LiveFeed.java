package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The live streams' hub for one subscriber (ADR 0024): follows entities' event streams from given
 * positions and hands on each event once, in order, merging the live path (the entities' pub-sub
 * topics) with the replay path (the journal), which it reads when it starts, when the live path
 * shows a gap, and, as a safety net, when a stream has been quiet for a while.
 *
 * <p>A WebSocket session runs one per subscription; {@link #source} makes one a stream, for the
 * GraphQL subscriptions and the REST and gRPC event streams.
 */
public final class LiveFeed extends AbstractBehavior<LiveFeed.Command> {

  /**
   * Where a feed's events go, called on the feed's own thread; {@link #room} says how many more
   * events the subscriber can take now, so that a replay goes at the subscriber's pace.
   */
  public interface Listener {

    void event(StreamEvent event);

    /** Presence, cursors, drafts and layer data published on a followed stream's topic. */
    void ephemeral(LiveMessage.Ephemeral message);

    /** The stream of {@code pid} has ended: its entity will write nothing more. */
    void ended(String pid);

    int room();
  }

  public sealed interface Command {}

  /** Follows the stream of {@code pid} from the event after {@code after}; once per pid. */
  public record Follow(String pid, long after) implements Command {}

  public enum Stop implements Command {
    INSTANCE
  }

  private record Live(LiveMessage message) implements Command {}

  private record EventsRead(String pid, int asked, List<StreamEvent> events, Throwable failure)
      implements Command {}

  /** The subscriber has had time to take what it was given: read on in {@code pid}. */
  private record ReadDue(String pid) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  /** How long a feed waits for its subscriber to take in what it was given before reading on. */
  private static final Duration READ_AGAIN = Duration.ofMillis(50);

  /** One followed stream: its order, and when the journal was last asked about it. */
  private static final class Followed {
    final Sequencer sequencer;
    boolean reading;
    boolean ended;
    Instant quietSince;
    Duration pollAfter;

    Followed(Sequencer sequencer, Instant now, Duration pollAfter) {
      this.sequencer = sequencer;
      this.quietSince = now;
      this.pollAfter = pollAfter;
    }
  }

  private final TimerScheduler<Command> timers;
  private final JournalReader reader;
  private final LiveSettings settings;
  private final Listener listener;
  private final Clock clock = Clock.systemUTC();
  private final LiveTopics topics;
  private final ActorRef<LiveMessage> liveAdapter;
  private final Map<String, Followed> followed = new HashMap<>();

  public static Behavior<Command> create(
      JournalReader reader, LiveSettings settings, Listener listener) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new LiveFeed(context, timers, reader, settings, listener)));
  }

  /**
   * The events of {@code pid} after position {@code after}, then live as they happen; the stream
   * completes when the entity's stream ends (a task's last event), and fails if its consumer falls
   * more than {@code mesh.live.buffer} events behind, to be followed again from its last event.
   */
  public static Source<StreamEvent, NotUsed> source(
      ActorSystem<?> system, JournalReader reader, LiveSettings settings, String pid, long after) {
    Pair<BoundedSourceQueue<StreamEvent>, Source<StreamEvent, NotUsed>> queue =
        Source.<StreamEvent>queue(settings.buffer()).preMaterialize(system);
    BoundedSourceQueue<StreamEvent> events = queue.first();
    ActorRef<Command> feed =
        system.systemActorOf(
            create(
                reader,
                settings,
                new Listener() {
                  @Override
                  public void event(StreamEvent event) {
                    if (events.offer(event) == QueueOfferResult.dropped()) {
                      events.fail(
                          new IllegalStateException(
                              "the reader fell behind at event "
                                  + event.seq()
                                  + " of "
                                  + pid
                                  + "; follow again from the last event it read"));
                    }
                  }

                  @Override
                  public void ephemeral(LiveMessage.Ephemeral message) {}

                  @Override
                  public void ended(String endedPid) {
                    events.complete();
                  }

                  @Override
                  public int room() {
                    return settings.buffer() - events.size();
                  }
                }),
            "live-feed-" + UUID.randomUUID(),
            Props.empty());
    feed.tell(new Follow(pid, after));
    return queue
        .second()
        .watchTermination(
            (notUsed, done) -> {
              done.whenComplete((ok, failure) -> feed.tell(Stop.INSTANCE));
              return notUsed;
            });
  }

  private LiveFeed(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      JournalReader reader,
      LiveSettings settings,
      Listener listener) {
    super(context);
    this.timers = timers;
    this.reader = reader;
    this.settings = settings;
    this.listener = listener;
    this.topics = LiveTopics.get(context.getSystem());
    this.liveAdapter = context.messageAdapter(LiveMessage.class, Live::new);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.pollInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Follow.class, this::onFollow)
        .onMessage(Live.class, this::onLive)
        .onMessage(EventsRead.class, this::onEventsRead)
        .onMessage(ReadDue.class, due -> readWhenRoom(due.pid()))
        .onMessage(Tick.class, tick -> onTick())
        .onMessage(Stop.class, stop -> Behaviors.stopped())
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Command> onFollow(Follow follow) {
    if (!followed.containsKey(follow.pid()) && reader.knows(follow.pid())) {
      followed.put(
          follow.pid(),
          new Followed(
              new Sequencer(follow.after(), settings.maxHeld()),
              clock.instant(),
              settings.pollInterval()));
      // The journal is read once the subscription is in place, so that no write falls between.
      followed.get(follow.pid()).reading = true;
      topics.subscribe(follow.pid(), liveAdapter);
    }
    return this;
  }

  private Behavior<Command> onLive(Live live) {
    if (live.message() instanceof LiveMessage.Ephemeral ephemeral) {
      listener.ephemeral(ephemeral);
      return this;
    }
    if (live.message() instanceof LiveMessage.Subscribed subscribed) {
      if (followed.containsKey(subscribed.persistenceId())) {
        read(subscribed.persistenceId());
      }
      return this;
    }
    LiveMessage.Events events = (LiveMessage.Events) live.message();
    Followed stream = followed.get(events.persistenceId());
    if (stream == null) {
      return this;
    }
    for (int i = 0; i < events.events().size(); i++) {
      deliver(
          new StreamEvent(events.persistenceId(), events.firstSeq() + i, events.events().get(i)));
    }
    if (stream.sequencer.hasGap() && !stream.reading) {
      read(events.persistenceId());
    }
    return this;
  }

  /** Hands on every event that is now next in order, once. */
  private void deliver(StreamEvent event) {
    Followed stream = followed.get(event.pid());
    for (StreamEvent ready : stream.sequencer.offer(event)) {
      stream.quietSince = clock.instant();
      stream.pollAfter = settings.pollInterval();
      listener.event(ready);
      if (reader.ends(ready)) {
        stream.ended = true;
        listener.ended(ready.pid());
      }
    }
  }

  /**
   * Reads the events of {@code pid} after the last one handed on, from the journal, as many as the
   * listener has room for.
   */
  private void read(String pid) {
    Followed stream = followed.get(pid);
    stream.reading = true;
    int room = Math.max(1, Math.min(settings.readPage(), listener.room()));
    getContext()
        .pipeToSelf(
            reader.after(pid, stream.sequencer.lastSeq(), room),
            (events, failure) -> new EventsRead(pid, room, events, failure));
  }

  /** Reads on in {@code pid} once the listener has room for half its buffer. */
  private Behavior<Command> readWhenRoom(String pid) {
    Followed stream = followed.get(pid);
    if (stream == null || stream.reading) {
      return this;
    }
    if (listener.room() < settings.buffer() / 2) {
      timers.startSingleTimer(new ReadDue(pid), new ReadDue(pid), READ_AGAIN);
    } else {
      read(pid);
    }
    return this;
  }

  private Behavior<Command> onEventsRead(EventsRead read) {
    Followed stream = followed.get(read.pid());
    stream.reading = false;
    if (read.failure() != null) {
      getContext().getLog().warn("could not read {} from the journal", read.pid(), read.failure());
      return this;
    }
    read.events().forEach(this::deliver);
    if (read.events().size() == read.asked() || stream.sequencer.hasGap()) {
      return readWhenRoom(read.pid());
    }
    return this;
  }

  /**
   * The safety net under the pub-sub path: reads each quiet stream from the journal, in case a live
   * message was lost, less often the longer it stays quiet.
   */
  private Behavior<Command> onTick() {
    Instant now = clock.instant();
    Duration longest = settings.pollInterval().multipliedBy(16);
    followed.forEach(
        (pid, stream) -> {
          if (!stream.reading
              && !stream.ended
              && !stream.quietSince.plus(stream.pollAfter).isAfter(now)) {
            stream.quietSince = now;
            Duration doubled = stream.pollAfter.multipliedBy(2);
            stream.pollAfter = doubled.compareTo(longest) < 0 ? doubled : longest;
            read(pid);
          }
        });
    return this;
  }

  private Behavior<Command> onStop() {
    followed.keySet().forEach(pid -> topics.unsubscribe(pid, liveAdapter));
    return this;
  }
}
