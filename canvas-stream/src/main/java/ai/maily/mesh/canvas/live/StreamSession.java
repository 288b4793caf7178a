package ai.maily.mesh.canvas.live;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
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
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * One client's subscription to a canvas or a task: merges the live path (the entities' pub-sub
 * topics) with the replay path (the journal), so that the client gets each event of each stream
 * once and in order, resumes where it was, and is told to resync rather than silently lose events
 * it reads too slowly. On a canvas it also relays presence and cursors, and carries out the
 * client's ops, asks and approvals through {@link SessionCommands}.
 *
 * <p>The stream of a canvas includes the streams of the tasks asked from it: the session follows
 * each task the snapshot names and each one a {@code TaskAsked} event names later.
 */
public final class StreamSession extends AbstractBehavior<StreamSession.Msg> {

  /** Builds the flow of one WebSocket connection: client frames in, server frames out. */
  public static Flow<Incoming, Outgoing, NotUsed> flow(
      ActorSystem<?> system,
      LiveSettings settings,
      JournalReader reader,
      Caller caller,
      String rootPid,
      SessionCommands commands) {
    Pair<BoundedSourceQueue<Outgoing>, Source<Outgoing, NotUsed>> persisted =
        Source.<Outgoing>queue(settings.buffer()).preMaterialize(system);
    Pair<BoundedSourceQueue<Outgoing.Frame>, Source<Outgoing.Frame, NotUsed>> ephemeral =
        Source.<Outgoing.Frame>queue(settings.ephemeralBuffer()).preMaterialize(system);
    Source<Outgoing, NotUsed> conflated =
        ephemeral
            .second()
            .conflateWithSeed(StreamSession::latestByKey, StreamSession::replaceLatest)
            .<Outgoing>mapConcat(latest -> List.copyOf(latest.values()));
    Outbox outbox = new Outbox(persisted.first(), ephemeral.first());
    ActorRef<Msg> session =
        system.systemActorOf(
            Behaviors.<Msg>setup(
                context ->
                    Behaviors.withTimers(
                        timers ->
                            new StreamSession(
                                context, timers, settings, reader, caller, rootPid, commands,
                                outbox))),
            "live-session-" + UUID.randomUUID(),
            Props.empty());
    Sink<Incoming, NotUsed> in =
        Flow.<Incoming>create()
            .<Msg>map(FromClient::new)
            .to(
                ActorSink.actorRefWithBackpressure(
                    session,
                    (ActorRef<Ack> ackTo, Msg msg) -> new Pushed(msg, ackTo),
                    ackTo -> new Pushed(Started.INSTANCE, ackTo),
                    Ack.INSTANCE,
                    ClientGone.INSTANCE,
                    failure -> ClientGone.INSTANCE));
    Source<Outgoing, NotUsed> out =
        persisted.second().merge(conflated).takeWhile(o -> !(o instanceof Outgoing.Close), true);
    return Flow.fromSinkAndSourceCoupled(in, out);
  }

  private static Map<String, Outgoing.Frame> latestByKey(Outgoing.Frame frame) {
    Map<String, Outgoing.Frame> latest = new LinkedHashMap<>();
    latest.put(frame.conflationKey(), frame);
    return latest;
  }

  private static Map<String, Outgoing.Frame> replaceLatest(
      Map<String, Outgoing.Frame> latest, Outgoing.Frame frame) {
    latest.remove(frame.conflationKey());
    latest.put(frame.conflationKey(), frame);
    return latest;
  }

  /** The two queues towards the client: persisted frames, and ephemeral ones. */
  private record Outbox(
      BoundedSourceQueue<Outgoing> persisted, BoundedSourceQueue<Outgoing.Frame> ephemeral) {}

  // ---- messages ----

  public sealed interface Msg {}

  private enum Ack {
    INSTANCE
  }

  /** A message from the client's side of the stream, to acknowledge once handled. */
  private record Pushed(Msg msg, ActorRef<Ack> ackTo) implements Msg {}

  private enum Started implements Msg {
    INSTANCE
  }

  private record FromClient(Incoming incoming) implements Msg {}

  private enum ClientGone implements Msg {
    INSTANCE
  }

  private record Live(LiveMessage message) implements Msg {}

  private record SnapshotRead(Snapshot snapshot, Map<String, Long> resume, Throwable failure)
      implements Msg {}

  private record EventsRead(
      String pid, int generation, int asked, List<StreamEvent> events, Throwable failure)
      implements Msg {}

  /** The queue towards the client has had time to drain: read on in {@code pid}. */
  private record ReadDue(String pid) implements Msg {}

  private record Answered(String id, JsonNode ack, Throwable failure) implements Msg {}

  private enum Tick implements Msg {
    INSTANCE
  }

  private enum PingDue implements Msg {
    INSTANCE
  }

  private enum PresenceDue implements Msg {
    INSTANCE
  }

  private enum TokenExpired implements Msg {
    INSTANCE
  }

  private enum ResyncDue implements Msg {
    INSTANCE
  }

  // ---- state ----

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

  /** Someone else on the canvas, as their last presence frame said. */
  private record Peer(String subject, String color, Instant seen) {}

  /** How long a session catching up waits for the queue towards its client to drain. */
  private static final Duration READ_AGAIN = Duration.ofMillis(50);

  /** How long a session waits, after closing, for the connection to go. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Set<String> ENDING_EVENTS = Set.of("TaskFinished", "TaskCancelled");
  private static final Set<String> COMMANDS = Set.of("op", "ask", "approve");
  private static final List<String> COLORS =
      List.of(
          "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#469990",
          "#9a6324", "#800000", "#808000", "#000075");

  private final TimerScheduler<Msg> timers;
  private final LiveSettings settings;
  private final JournalReader reader;
  private final Caller caller;
  private final String rootPid;
  private final SessionCommands commands;
  private final Outbox outbox;
  private final Clock clock = Clock.systemUTC();
  private final LiveTopics topics;
  private final ActorRef<LiveMessage> liveAdapter;
  private final String sessionId = UUID.randomUUID().toString();
  private final String color;
  private final Map<String, Followed> followed = new HashMap<>();
  private final Map<String, Peer> peers = new HashMap<>();
  // Positions the client resumes from, for streams it names before the session follows them.
  private Map<String, Long> resume = Map.of();
  // Bumped by every subscribe: journal reads of an earlier subscription are ignored.
  private int generation;
  private boolean resyncing;
  private boolean present;
  private boolean closing;
  private Instant lastHeard;

  private StreamSession(
      ActorContext<Msg> context,
      TimerScheduler<Msg> timers,
      LiveSettings settings,
      JournalReader reader,
      Caller caller,
      String rootPid,
      SessionCommands commands,
      Outbox outbox) {
    super(context);
    this.timers = timers;
    this.settings = settings;
    this.reader = reader;
    this.caller = caller;
    this.rootPid = rootPid;
    this.commands = commands;
    this.outbox = outbox;
    this.topics = LiveTopics.get(context.getSystem());
    this.liveAdapter = context.messageAdapter(LiveMessage.class, Live::new);
    this.color = COLORS.get(Math.floorMod(caller.subject().hashCode(), COLORS.size()));
    this.lastHeard = clock.instant();
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.pollInterval());
    timers.startTimerWithFixedDelay(PingDue.INSTANCE, settings.pingInterval());
    timers.startSingleTimer(
        TokenExpired.INSTANCE,
        Duration.between(clock.instant(), caller.expiresAt()).isNegative()
            ? Duration.ZERO
            : Duration.between(clock.instant(), caller.expiresAt()));
  }

  @Override
  public Receive<Msg> createReceive() {
    return newReceiveBuilder()
        .onMessage(Pushed.class, this::onPushed)
        .onMessage(ClientGone.class, gone -> Behaviors.stopped())
        .onMessage(Msg.class, m -> closing, m -> this)
        .onMessage(Live.class, this::onLive)
        .onMessage(SnapshotRead.class, this::onSnapshot)
        .onMessage(EventsRead.class, this::onEventsRead)
        .onMessage(ReadDue.class, due -> readWhenRoom(due.pid()))
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(PingDue.class, p -> send(Outgoing.Ping.INSTANCE))
        .onMessage(PresenceDue.class, p -> announcePresence(true))
        .onMessage(ResyncDue.class, r -> sendResync())
        .onMessage(TokenExpired.class, t -> close(CloseCodes.UNAUTHORIZED, "the token has expired"))
        .onSignal(PostStop.class, stop -> onStop())
        .build();
  }

  private Behavior<Msg> onPushed(Pushed pushed) {
    pushed.ackTo().tell(Ack.INSTANCE);
    return pushed.msg() instanceof FromClient from && !closing ? onClient(from.incoming()) : this;
  }

  // ---- the client's frames ----

  private Behavior<Msg> onClient(Incoming incoming) {
    lastHeard = clock.instant();
    if (incoming instanceof Incoming.TooBig) {
      return close(
          CloseCodes.TOO_BIG, "a frame may be at most " + settings.maxFrameBytes() + " bytes");
    }
    if (incoming instanceof Incoming.Binary) {
      return error("invalid-request", "frames are JSON text, not binary", null);
    }
    JsonNode frame;
    try {
      frame = Json.MAPPER.readTree(((Incoming.Text) incoming).text());
    } catch (JsonProcessingException e) {
      return error("invalid-request", "the frame is not JSON: " + e.getOriginalMessage(), null);
    }
    if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
      return error("invalid-request", "a frame is a JSON object with a string 'type'", null);
    }
    String type = frame.get("type").asText();
    String id = frame.path("id").isTextual() ? frame.get("id").asText() : null;
    if (COMMANDS.contains(type)) {
      return onCommand(type, id, frame);
    }
    return switch (type) {
      case "subscribe" -> onSubscribe(frame);
      case "cursor" -> onCursor(frame);
      case "ping" -> send(Outgoing.Frame.persistent(frame("pong").toString()));
      default -> error("invalid-request", "unknown frame type '" + type + "'", id);
    };
  }

  private Behavior<Msg> onSubscribe(JsonNode frame) {
    JsonNode positions = frame.path("resume");
    Map<String, Long> from = new HashMap<>();
    if (!positions.isMissingNode() && !positions.isNull()) {
      if (!positions.isObject()) {
        return error("invalid-request", "'resume' is an object of positions by pid", null);
      }
      for (Map.Entry<String, JsonNode> entry : positions.properties()) {
        if (!entry.getValue().canConvertToLong() || entry.getValue().asLong() < 0) {
          return error(
              "invalid-request", "resume." + entry.getKey() + " must be a position (>= 0)", null);
        }
        from.put(entry.getKey(), entry.getValue().asLong());
      }
    }
    boolean resuming = positions.isObject();
    unfollowAll();
    generation++;
    resyncing = false;
    getContext()
        .pipeToSelf(
            commands.snapshot(),
            (snapshot, failure) ->
                new SnapshotRead(snapshot, resuming ? Map.copyOf(from) : null, failure));
    return this;
  }

  private Behavior<Msg> onSnapshot(SnapshotRead read) {
    if (read.failure() != null) {
      ProblemException problem = problemIn(read.failure());
      if (problem != null && problem.problem().type() == ProblemType.NOT_FOUND) {
        return close(CloseCodes.NOT_FOUND, problem.problem().detail());
      }
      getContext().getLog().warn("could not read the snapshot of {}", rootPid, read.failure());
      return error("unavailable", "the stream could not be read; subscribe again", null);
    }
    Snapshot snapshot = read.snapshot();
    if (read.resume() == null) {
      resume = snapshot.positions();
      ObjectNode frame = frame("snapshot");
      frame.set(snapshot.field(), snapshot.body());
      frame.set("positions", Json.MAPPER.valueToTree(snapshot.positions()));
      send(Outgoing.Frame.persistent(frame.toString()));
    } else {
      resume = read.resume();
    }
    follow(rootPid);
    snapshot.pids().forEach(this::follow);
    if (!present && rootPid.startsWith("Canvas|")) {
      present = true;
      timers.startTimerWithFixedDelay(PresenceDue.INSTANCE, settings.presenceInterval());
      announcePresence(true);
      sendPresence();
    }
    return this;
  }

  private Behavior<Msg> onCursor(JsonNode frame) {
    if (!rootPid.startsWith("Canvas|")) {
      return error("invalid-request", "cursors are shared on canvases only", null);
    }
    if (!frame.path("x").isNumber() || !frame.path("y").isNumber()) {
      return error("invalid-request", "a cursor has numbers 'x' and 'y'", null);
    }
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("subject", caller.subject());
    data.put("color", color);
    data.set("x", frame.get("x"));
    data.set("y", frame.get("y"));
    if (frame.path("blockId").isTextual()) {
      data.set("blockId", frame.get("blockId"));
    }
    topics.publish(new LiveMessage.Ephemeral(rootPid, "cursor", sessionId, data));
    return this;
  }

  private Behavior<Msg> onCommand(String type, String id, JsonNode frame) {
    if (!caller.mayEdit()) {
      return close(CloseCodes.FORBIDDEN, "a viewer may watch but not change anything");
    }
    if (id == null) {
      return error("invalid-request", "a '" + type + "' frame needs a string 'id'", null);
    }
    getContext()
        .pipeToSelf(commands.apply(type, frame), (ack, failure) -> new Answered(id, ack, failure));
    return this;
  }

  private Behavior<Msg> onAnswered(Answered answered) {
    if (answered.failure() == null) {
      ObjectNode frame = frame("ack");
      frame.put("id", answered.id());
      if (answered.ack() instanceof ObjectNode fields) {
        frame.setAll(fields);
      }
      return send(Outgoing.Frame.persistent(frame.toString()));
    }
    ProblemException problem = problemIn(answered.failure());
    if (problem == null) {
      getContext().getLog().warn("a client's command failed", answered.failure());
      return error("internal", "the command failed; retry", answered.id());
    }
    ObjectNode frame = frame("error");
    frame.put("code", problem.problem().type().code());
    frame.put("message", problem.problem().detail());
    frame.put("id", answered.id());
    if (!problem.problem().violations().isEmpty()) {
      frame.set("errors", Json.tree(problem.problem().violations()));
    }
    problem.problem().extensions().forEach((name, value) -> frame.set(name, Json.tree(value)));
    return send(Outgoing.Frame.persistent(frame.toString()));
  }

  // ---- following streams ----

  private void follow(String pid) {
    if (followed.containsKey(pid) || !reader.knows(pid)) {
      return;
    }
    long from = resume.getOrDefault(pid, 0L);
    followed.put(
        pid,
        new Followed(
            new Sequencer(from, settings.maxHeld()), clock.instant(), settings.pollInterval()));
    topics.subscribe(pid, liveAdapter);
    read(pid);
  }

  private void unfollowAll() {
    followed.keySet().forEach(pid -> topics.unsubscribe(pid, liveAdapter));
    followed.clear();
  }

  /**
   * Reads the events of {@code pid} after the last one given out, from the journal, as many as the
   * queue towards the client has room for: a client catching up reads at its own pace and is not
   * sent into a resync by its own replay.
   */
  private void read(String pid) {
    Followed stream = followed.get(pid);
    stream.reading = true;
    int readFor = generation;
    int room =
        Math.max(1, Math.min(settings.readPage(), settings.buffer() - outbox.persisted().size()));
    getContext()
        .pipeToSelf(
            reader.after(pid, stream.sequencer.lastSeq(), room),
            (events, failure) -> new EventsRead(pid, readFor, room, events, failure));
  }

  /** Reads on in {@code pid} once at least half the queue towards the client is free. */
  private Behavior<Msg> readWhenRoom(String pid) {
    Followed stream = followed.get(pid);
    if (stream == null || stream.reading) {
      return this;
    }
    if (outbox.persisted().size() > settings.buffer() / 2) {
      timers.startSingleTimer(new ReadDue(pid), new ReadDue(pid), READ_AGAIN);
    } else {
      read(pid);
    }
    return this;
  }

  private Behavior<Msg> onEventsRead(EventsRead read) {
    Followed stream = followed.get(read.pid());
    if (read.generation() != generation || stream == null) {
      return this;
    }
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

  private Behavior<Msg> onLive(Live live) {
    if (live.message() instanceof LiveMessage.Ephemeral ephemeral) {
      return onEphemeral(ephemeral);
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

  /** Gives the client every event that is now next in order, once. */
  private void deliver(StreamEvent event) {
    Followed stream = followed.get(event.pid());
    for (StreamEvent ready : stream.sequencer.offer(event)) {
      stream.quietSince = clock.instant();
      stream.pollAfter = settings.pollInterval();
      if (!resyncing) {
        ObjectNode frame = frame("event");
        frame.put("pid", ready.pid());
        frame.put("seq", ready.seq());
        frame.set("event", Json.tree(ready.event()));
        send(Outgoing.Frame.persistent(frame.toString()));
      }
      if (ready.pid().equals(rootPid) && "TaskAsked".equals(ready.event().type())) {
        String taskId = ready.event().data().path("taskId").asText();
        follow("Task|" + caller.tenant() + ":" + taskId);
      }
      if (ENDING_EVENTS.contains(ready.event().type())) {
        stream.ended = true;
      }
    }
  }

  /**
   * The safety net under the pub-sub path: reads each quiet stream from the journal, in case a live
   * message was lost, less often the longer it stays quiet; and forgets peers gone silent.
   */
  private Behavior<Msg> onTick() {
    Instant now = clock.instant();
    if (Duration.between(lastHeard, now).compareTo(settings.idleTimeout()) > 0) {
      return close(
          CloseCodes.IDLE, "nothing heard for " + settings.idleTimeout().toSeconds() + "s");
    }
    followed.forEach(
        (pid, stream) -> {
          if (!stream.reading
              && !stream.ended
              && !stream.quietSince.plus(stream.pollAfter).isAfter(now)) {
            stream.quietSince = now;
            stream.pollAfter =
                min(stream.pollAfter.multipliedBy(2), settings.pollInterval().multipliedBy(16));
            read(pid);
          }
        });
    Instant forgotten = now.minus(settings.presenceInterval().multipliedBy(3));
    if (peers.values().removeIf(peer -> peer.seen().isBefore(forgotten))) {
      sendPresence();
    }
    return this;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // ---- presence and cursors ----

  private Behavior<Msg> onEphemeral(LiveMessage.Ephemeral ephemeral) {
    if (ephemeral.from().equals(sessionId)) {
      return this;
    }
    if (ephemeral.kind().equals("presence")) {
      boolean here = ephemeral.data().path("here").asBoolean();
      Peer before =
          here
              ? peers.put(
                  ephemeral.from(),
                  new Peer(
                      ephemeral.data().path("subject").asText(),
                      ephemeral.data().path("color").asText(),
                      clock.instant()))
              : peers.remove(ephemeral.from());
      if (before == null || !here) {
        sendPresence();
      }
      return this;
    }
    ObjectNode frame = frame(ephemeral.kind());
    frame.put("from", ephemeral.from());
    if (ephemeral.data() instanceof ObjectNode fields) {
      frame.setAll(fields);
    }
    offerEphemeral(new Outgoing.Frame(frame.toString(), ephemeral.kind() + ":" + ephemeral.from()));
    return this;
  }

  private Behavior<Msg> announcePresence(boolean here) {
    ObjectNode data = Json.MAPPER.createObjectNode();
    data.put("subject", caller.subject());
    data.put("color", color);
    data.put("here", here);
    topics.publish(new LiveMessage.Ephemeral(rootPid, "presence", sessionId, data));
    return this;
  }

  private void sendPresence() {
    ObjectNode frame = frame("presence");
    var users = frame.putArray("users");
    users
        .addObject()
        .put("session", sessionId)
        .put("subject", caller.subject())
        .put("color", color);
    peers.forEach(
        (id, peer) ->
            users
                .addObject()
                .put("session", id)
                .put("subject", peer.subject())
                .put("color", peer.color()));
    offerEphemeral(new Outgoing.Frame(frame.toString(), "presence"));
  }

  // ---- sending ----

  private static ObjectNode frame(String type) {
    return Json.MAPPER.createObjectNode().put("type", type);
  }

  private Behavior<Msg> error(String code, String message, String id) {
    ObjectNode frame = frame("error");
    frame.put("code", code);
    frame.put("message", message);
    if (id != null) {
      frame.put("id", id);
    }
    return send(Outgoing.Frame.persistent(frame.toString()));
  }

  /**
   * Queues {@code outgoing} for the client. When the queue is full the client has fallen too far
   * behind: what is queued still goes out, then {@code resync}, and nothing more of the streams
   * until the client subscribes again.
   */
  private Behavior<Msg> send(Outgoing outgoing) {
    if (resyncing) {
      return this;
    }
    QueueOfferResult result = outbox.persisted().offer(outgoing);
    if (result == QueueOfferResult.dropped()) {
      resyncing = true;
      generation++;
      return sendResync();
    }
    return this;
  }

  private Behavior<Msg> sendResync() {
    ObjectNode frame = frame("resync");
    frame.put("reason", "the client read too slowly; subscribe again with 'resume'");
    if (outbox.persisted().offer(Outgoing.Frame.persistent(frame.toString()))
        == QueueOfferResult.dropped()) {
      timers.startSingleTimer(ResyncDue.INSTANCE, Duration.ofMillis(100));
    }
    return this;
  }

  private void offerEphemeral(Outgoing.Frame frame) {
    // A full ephemeral queue drops the frame: a newer one of its kind follows soon.
    outbox.ephemeral().offer(frame);
  }

  /**
   * Closes the connection with {@code code} once what is queued has gone out: the stream ends with
   * the close, so the queue is not completed, which could drop what it still holds.
   */
  /**
   * Closes the connection with {@code code} once what is queued has gone out. The stream ends with
   * the close, and the session stops when the connection is gone: stopping at once would end the
   * connection before the close went out, with 1000.
   */
  private Behavior<Msg> close(int code, String reason) {
    if (!closing) {
      closing = true;
      unfollowAll();
      timers.cancelAll();
      if (outbox.persisted().offer(new Outgoing.Close(code, reason))
          != QueueOfferResult.enqueued()) {
        // No room for the close: end the connection without its code rather than not at all.
        completeQuietly(outbox.persisted());
      }
      timers.startSingleTimer(ClientGone.INSTANCE, CLOSE_TIMEOUT);
    }
    return this;
  }

  /**
   * Ends the connection if the session stopped first (a failure); completing a queue whose stream
   * has already ended throws, and needs nothing.
   */
  private Behavior<Msg> onStop() {
    unfollowAll();
    if (present) {
      announcePresence(false);
    }
    if (!closing) {
      completeQuietly(outbox.persisted());
    }
    completeQuietly(outbox.ephemeral());
    return this;
  }

  private static void completeQuietly(BoundedSourceQueue<?> queue) {
    try {
      queue.complete();
    } catch (IllegalStateException alreadyEnded) {
      // The client's side ended the stream, and with it the queue.
    }
  }

  private static ProblemException problemIn(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    return cause instanceof ProblemException problem ? problem : null;
  }
}
