package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One stream on one node, shared by all its subscribers there (ADR 0024): subscribes to the
 * entity's pub-sub topic once, puts what arrives in order with gaps filled from the journal,
 * renders each event once and hands it to every subscriber that is up to date. A subscriber that
 * starts behind catches up from the events the channel keeps, or from the journal at its own pace,
 * and then joins the others. On a canvas the channel also keeps who is on it, for this node's
 * sockets.
 */
final class Channel extends AbstractBehavior<Channel.Command> {

  sealed interface Command {}

  /**
   * {@code subscriber} follows the stream from the event after {@code after}; {@code member}, if
   * not null, is the person on the canvas behind it.
   */
  record Join(Subscriber subscriber, long after, Presence.Member member) implements Command {}

  record Leave(Subscriber subscriber) implements Command {}

  private record Live(LiveMessage message) implements Command {}

  /** The channel's own read, from its last event; {@code asked} is the most it asked for. */
  private record Read(int asked, List<StreamEvent> events, Throwable failure) implements Command {}

  /** A read for one subscriber that is behind. */
  private record CatchUpRead(
      Subscriber subscriber, int asked, List<StreamEvent> events, Throwable failure)
      implements Command {}

  /** The subscriber has had time to take in what it was given: go on with its catch-up. */
  private record CatchUpDue(Subscriber subscriber) implements Command {}

  private enum ReadDue implements Command {
    INSTANCE
  }

  private enum Tick implements Command {
    INSTANCE
  }

  /** How long the channel waits for a subscriber to take in what it was given before going on. */
  private static final Duration AGAIN = Duration.ofMillis(50);

  /** A subscriber, and the last event it was handed. */
  private static final class Following {
    final Subscriber subscriber;
    final Presence.Member member;
    long position;
    boolean reading;

    Following(Subscriber subscriber, long position, Presence.Member member) {
      this.subscriber = subscriber;
      this.position = position;
      this.member = member;
    }
  }

  private final String pid;
  private final ActorRef<LiveStreams.Idle> registry;
  private final JournalReader reader;
  private final LiveSettings settings;
  private final TimerScheduler<Command> timers;
  private final LiveTopics topics;
  private final ActorRef<LiveMessage> liveAdapter;
  private final Clock clock = Clock.systemUTC();
  private final String id = UUID.randomUUID().toString();
  private final Map<Subscriber, Following> subscribers = new IdentityHashMap<>();
  private final ArrayDeque<Delivery> recent = new ArrayDeque<>();
  private final Presence presence = new Presence();
  private Sequencer sequencer;
  // Until the topic confirms the subscription, the journal is not read: a write could fall between.
  private boolean subscribed;
  private boolean reading;
  private boolean ended;
  private Instant quietSince;
  private Duration pollAfter;
  private Instant lastAnnounced = Instant.MIN;
  private Instant emptySince;
  private long joins;

  static Behavior<Command> create(
      String pid,
      long after,
      ActorRef<LiveStreams.Idle> registry,
      JournalReader reader,
      LiveSettings settings) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new Channel(context, timers, pid, after, registry, reader, settings)));
  }

  private Channel(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String pid,
      long after,
      ActorRef<LiveStreams.Idle> registry,
      JournalReader reader,
      LiveSettings settings) {
    super(context);
    this.pid = pid;
    this.registry = registry;
    this.reader = reader;
    this.settings = settings;
    this.timers = timers;
    this.topics = LiveTopics.get(context.getSystem());
    this.liveAdapter = context.messageAdapter(LiveMessage.class, Live::new);
    this.sequencer = new Sequencer(after, settings.maxHeld());
    this.quietSince = clock.instant();
    this.pollAfter = settings.pollInterval();
    this.emptySince = clock.instant();
    topics.subscribe(pid, liveAdapter);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.pollInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Join.class, this::onJoin)
        .onMessage(Leave.class, this::onLeave)
        .onMessage(Live.class, this::onLive)
        .onMessage(Read.class, this::onRead)
        .onMessage(CatchUpRead.class, this::onCatchUpRead)
        .onMessage(CatchUpDue.class, due -> catchUp(subscribers.get(due.subscriber())))
        .onMessage(ReadDue.class, due -> readWhenRoom())
        .onMessage(Tick.class, tick -> onTick())
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  // ---- subscribers ----

  private Behavior<Command> onJoin(Join join) {
    joins++;
    Following following = new Following(join.subscriber(), join.after(), join.member());
    subscribers.put(join.subscriber(), following);
    if (join.member() != null) {
      presence.arrived(join.member());
      presenceChanged();
    }
    return catchUp(following);
  }

  private Behavior<Command> onLeave(Leave leave) {
    Following gone = subscribers.remove(leave.subscriber());
    if (gone != null) {
      timers.cancel(gone.subscriber);
      forget(gone);
    }
    return this;
  }

  private void forget(Following gone) {
    if (gone.member != null && presence.left(gone.member.session())) {
      presenceChanged();
    }
    if (subscribers.isEmpty()) {
      emptySince = clock.instant();
    }
  }

  /**
   * Hands a subscriber that is behind the events it missed, from those the channel keeps or from
   * the journal, as far as it has room; it is up to date once it reaches the channel's last event.
   */
  private Behavior<Command> catchUp(Following following) {
    if (following == null || following.reading || !subscribed) {
      return this;
    }
    while (following.position < sequencer.lastSeq()) {
      if (following.subscriber.room() <= 0) {
        timers.startSingleTimer(following.subscriber, new CatchUpDue(following.subscriber), AGAIN);
        return this;
      }
      Delivery next = kept(following.position + 1);
      if (next == null) {
        readFor(following);
        return this;
      }
      if (!hand(following, next)) {
        return this;
      }
    }
    return this;
  }

  private Delivery kept(long seq) {
    if (recent.isEmpty() || seq < recent.peekFirst().seq() || seq > recent.peekLast().seq()) {
      return null;
    }
    for (Delivery delivery : recent) {
      if (delivery.seq() == seq) {
        return delivery;
      }
    }
    return null;
  }

  private void readFor(Following following) {
    following.reading = true;
    int page = Math.max(1, Math.min(settings.readPage(), following.subscriber.room()));
    Subscriber subscriber = following.subscriber;
    getContext()
        .pipeToSelf(
            reader.after(pid, following.position, page),
            (events, failure) -> new CatchUpRead(subscriber, page, events, failure));
  }

  private Behavior<Command> onCatchUpRead(CatchUpRead read) {
    Following following = subscribers.get(read.subscriber());
    if (following == null) {
      return this;
    }
    following.reading = false;
    if (read.failure() != null) {
      getContext().getLog().warn("could not read {} from the journal", pid, read.failure());
      timers.startSingleTimer(following.subscriber, new CatchUpDue(following.subscriber), AGAIN);
      return this;
    }
    // What the subscriber reads may be news to the channel too.
    read.events().forEach(this::arrived);
    for (StreamEvent event : read.events()) {
      if (event.seq() != following.position + 1) {
        continue;
      }
      if (following.subscriber.room() <= 0) {
        // Other frames took the room it had when the read began: go on once it has room again.
        return catchUp(following);
      }
      if (!hand(following, new Delivery(event))) {
        return this;
      }
    }
    if (read.events().size() < read.asked() && following.position < sequencer.lastSeq()) {
      // The journal ends before the channel's last event: the position the channel started from
      // was past the end (a client's resume point). The journal is the truth.
      restartAt(following.position);
    }
    return catchUp(following);
  }

  /**
   * Hands {@code delivery} to a subscriber; false if it had no room, in which case it is let go and
   * told so.
   */
  private boolean hand(Following following, Delivery delivery) {
    if (!following.subscriber.event(delivery)) {
      subscribers.remove(following.subscriber);
      timers.cancel(following.subscriber);
      forget(following);
      following.subscriber.fellBehind(pid, delivery.seq());
      return false;
    }
    following.position = delivery.seq();
    if (reader.ends(delivery.event())) {
      following.subscriber.ended(pid);
    }
    return true;
  }

  // ---- the stream ----

  private Behavior<Command> onLive(Live live) {
    if (live.message() instanceof LiveMessage.Ephemeral ephemeral) {
      onEphemeral(ephemeral);
    } else if (live.message() instanceof LiveMessage.Subscribed) {
      subscribed = true;
      read();
      List.copyOf(subscribers.values()).forEach(this::catchUp);
    } else {
      LiveMessage.Events events = (LiveMessage.Events) live.message();
      for (int i = 0; i < events.events().size(); i++) {
        arrived(new StreamEvent(pid, events.firstSeq() + i, events.events().get(i)));
      }
      if (sequencer.hasGap() && !reading && subscribed) {
        read();
      }
    }
    return this;
  }

  /** Puts an event in order, and hands on every one that is now next to the up-to-date. */
  private void arrived(StreamEvent event) {
    for (StreamEvent ready : sequencer.offer(event)) {
      Delivery delivery = new Delivery(ready);
      recent.addLast(delivery);
      if (recent.size() > settings.recent()) {
        recent.removeFirst();
      }
      quietSince = clock.instant();
      pollAfter = settings.pollInterval();
      ended |= reader.ends(ready);
      for (Following following : List.copyOf(subscribers.values())) {
        if (following.position == ready.seq() - 1 && !following.reading) {
          hand(following, delivery);
        }
      }
    }
  }

  /**
   * Reads on from the channel's last event, as many as its up-to-date subscribers have room for.
   */
  private void read() {
    reading = true;
    int page = Math.max(1, Math.min(settings.readPage(), leastRoom()));
    getContext()
        .pipeToSelf(
            reader.after(pid, sequencer.lastSeq(), page),
            (events, failure) -> new Read(page, events, failure));
  }

  private int leastRoom() {
    int least = settings.buffer();
    for (Following following : subscribers.values()) {
      if (following.position == sequencer.lastSeq()) {
        least = Math.min(least, following.subscriber.room());
      }
    }
    return least;
  }

  private Behavior<Command> onRead(Read read) {
    reading = false;
    if (read.failure() != null) {
      getContext().getLog().warn("could not read {} from the journal", pid, read.failure());
      return this;
    }
    read.events().forEach(this::arrived);
    if (read.events().size() == read.asked() || sequencer.hasGap()) {
      return readWhenRoom();
    }
    return this;
  }

  private Behavior<Command> readWhenRoom() {
    if (reading) {
      return this;
    }
    if (leastRoom() < settings.buffer() / 2) {
      timers.startSingleTimer(ReadDue.INSTANCE, AGAIN);
    } else {
      read();
    }
    return this;
  }

  private void restartAt(long lastSeq) {
    sequencer = new Sequencer(lastSeq, settings.maxHeld());
    recent.clear();
    if (!reading) {
      read();
    }
  }

  // ---- ephemeral messages and presence ----

  private void onEphemeral(LiveMessage.Ephemeral message) {
    if (message.kind().equals("presence")) {
      if (!message.from().equals(id)
          && presence.heard(message.from(), message.data(), clock.instant())) {
        tellPresence();
      }
      return;
    }
    String frame = Frames.ephemeral(message);
    String key = message.kind() + ":" + message.from();
    subscribers.values().forEach(f -> f.subscriber.ephemeral(message.from(), key, frame));
  }

  private void presenceChanged() {
    announce();
    tellPresence();
  }

  private void announce() {
    lastAnnounced = clock.instant();
    topics.publish(new LiveMessage.Ephemeral(pid, "presence", id, presence.announcement()));
  }

  private void tellPresence() {
    List<Presence.Member> everyone = presence.everyone();
    for (Following following : subscribers.values()) {
      if (following.member != null) {
        following.subscriber.presence(everyone);
      }
    }
  }

  // ---- housekeeping ----

  /**
   * The safety net under the pub-sub path: reads a quiet stream from the journal, in case a live
   * message was lost, less often the longer it stays quiet. Announces this node's people on the
   * canvas, forgets other nodes gone silent, and offers to stop once nobody has followed the stream
   * for a while.
   */
  private Behavior<Command> onTick() {
    Instant now = clock.instant();
    if (subscribed && !reading && !ended && !quietSince.plus(pollAfter).isAfter(now)) {
      quietSince = now;
      Duration doubled = pollAfter.multipliedBy(2);
      Duration longest = settings.pollInterval().multipliedBy(16);
      pollAfter = doubled.compareTo(longest) < 0 ? doubled : longest;
      read();
    }
    Duration interval = settings.presenceInterval();
    if (presence.anyoneHere() && !lastAnnounced.plus(interval).isAfter(now)) {
      announce();
    }
    if (presence.forgetSilentSince(now.minus(interval.multipliedBy(3)))) {
      tellPresence();
    }
    if (subscribers.isEmpty() && !emptySince.plus(settings.channelIdle()).isAfter(now)) {
      registry.tell(new LiveStreams.Idle(pid, getContext().getSelf(), joins));
    }
    return this;
  }

  private Behavior<Command> onStop() {
    topics.unsubscribe(pid, liveAdapter);
    if (presence.anyoneHere()) {
      presence.everyoneLeft();
      announce();
    }
    return this;
  }
}
