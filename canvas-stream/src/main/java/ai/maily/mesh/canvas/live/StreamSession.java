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
import java.util.HashSet;
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
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * One client's subscription to a canvas or a task: follows the streams it names through the node's
 * {@link LiveStreams}, so that the client gets each event of each stream once and in order, resumes
 * where it was, and is told to resync rather than silently lose events it reads too slowly. On a
 * canvas it also shares the client's cursor, and carries out the client's ops, asks and approvals
 * through {@link SessionCommands}.
 *
 * <p>The stream of a canvas includes the streams of the tasks asked from it: the session follows
 * each task the snapshot names and each one a {@code TaskAsked} event names later.
 */
public final class StreamSession extends AbstractBehavior<StreamSession.Msg> {

  /** Builds the flow of one WebSocket connection: client frames in, server frames out. */
  public static Flow<Incoming, Outgoing, NotUsed> flow(
      LiveStreams live, Caller caller, String rootPid, SessionCommands commands) {
    ActorSystem<?> system = live.system();
    Outbox outbox = new Outbox(live.settings());
    ActorRef<Msg> session =
        system.systemActorOf(
            Behaviors.<Msg>setup(
                context ->
                    Behaviors.withTimers(
                        timers ->
                            new StreamSession(
                                context, timers, live, caller, rootPid, commands, outbox))),
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
    return Flow.fromSinkAndSourceCoupled(in, outbox.source());
  }

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

  /** A task asked from the canvas, whose stream subscription {@code following} now follows too. */
  private record TaskAsked(Following following, String pid) implements Msg {}

  /** Subscription {@code following} missed an event: the client must resync. */
  private record FellBehind(Following following) implements Msg {}

  private record SnapshotRead(Snapshot snapshot, Map<String, Long> resume, Throwable failure)
      implements Msg {}

  private record Answered(String id, JsonNode ack, Throwable failure) implements Msg {}

  private enum IdleCheck implements Msg {
    INSTANCE
  }

  private enum TokenExpired implements Msg {
    INSTANCE
  }

  private enum ResyncDue implements Msg {
    INSTANCE
  }

  // ---- state ----

  /** How long a session waits, after closing, for the connection to go. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private static final Set<String> COMMANDS = Set.of("op", "ask", "approve");

  private final TimerScheduler<Msg> timers;
  private final LiveStreams live;
  private final LiveSettings settings;
  private final Caller caller;
  private final String rootPid;
  private final SessionCommands commands;
  private final Outbox outbox;
  private final Clock clock = Clock.systemUTC();
  private final LiveTopics topics;
  private final Presence.Member me;
  // The current subscription; null before the first and after a resync.
  private Following following;
  // Positions the client resumes from, for streams it names before the session follows them.
  private Map<String, Long> resume = Map.of();
  private boolean resyncing;
  private boolean closing;
  private Instant lastHeard;

  private StreamSession(
      ActorContext<Msg> context,
      TimerScheduler<Msg> timers,
      LiveStreams live,
      Caller caller,
      String rootPid,
      SessionCommands commands,
      Outbox outbox) {
    super(context);
    this.timers = timers;
    this.live = live;
    this.settings = live.settings();
    this.caller = caller;
    this.rootPid = rootPid;
    this.commands = commands;
    this.outbox = outbox;
    this.topics = LiveTopics.get(context.getSystem());
    this.me = Presence.Member.of(UUID.randomUUID().toString(), caller.subject());
    this.lastHeard = clock.instant();
    timers.startTimerWithFixedDelay(IdleCheck.INSTANCE, settings.idleTimeout().dividedBy(4));
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
        .onMessage(TaskAsked.class, this::onTaskAsked)
        .onMessage(FellBehind.class, this::onFellBehind)
        .onMessage(SnapshotRead.class, this::onSnapshot)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(IdleCheck.class, t -> onIdleCheck())
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
    unfollow();
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
    // A subscribe sent before the previous one's snapshot came leaves that one's subscription.
    unfollow();
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
    following = new Following();
    follow(rootPid);
    snapshot.pids().forEach(this::follow);
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
    data.put("color", me.color());
    data.set("x", frame.get("x"));
    data.set("y", frame.get("y"));
    if (frame.path("blockId").isTextual()) {
      data.set("blockId", frame.get("blockId"));
    }
    topics.publish(new LiveMessage.Ephemeral(rootPid, "cursor", me.session(), data));
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

  /**
   * One subscription's place in the streams it follows: the node's channels hand it events on their
   * own threads, and it queues them straight for the client. Once the session lets it go (a new
   * subscribe, a resync, the end) it queues nothing more, so an event of an old subscription never
   * follows a new snapshot.
   */
  private final class Following implements Subscriber {

    private final ActorRef<Msg> session = getContext().getSelf();
    private final Set<String> pids = new HashSet<>();
    private boolean active = true;

    @Override
    public synchronized boolean event(Delivery delivery) {
      if (!active) {
        return true;
      }
      if (!outbox.offer(Outgoing.Frame.persistent(delivery.frame()))) {
        return false;
      }
      StreamEvent event = delivery.event();
      if (event.pid().equals(rootPid) && "TaskAsked".equals(event.event().type())) {
        session.tell(
            new TaskAsked(
                this,
                "Task|" + caller.tenant() + ":" + event.event().data().path("taskId").asText()));
      }
      return true;
    }

    @Override
    public int room() {
      return settings.buffer() - outbox.size();
    }

    @Override
    public void fellBehind(String pid, long seq) {
      session.tell(new FellBehind(this));
    }

    @Override
    public void ended(String pid) {}

    @Override
    public void ephemeral(String from, String conflationKey, String frame) {
      if (!from.equals(me.session())) {
        outbox.offerEphemeral(new Outgoing.Frame(frame, conflationKey));
      }
    }

    @Override
    public void presence(List<Presence.Member> everyone) {
      outbox.offerEphemeral(new Outgoing.Frame(Frames.presence(me, everyone), "presence"));
    }

    private synchronized void stop() {
      active = false;
    }
  }

  private void follow(String pid) {
    if (following.pids.add(pid)) {
      Presence.Member member = pid.equals(rootPid) && rootPid.startsWith("Canvas|") ? me : null;
      live.join(pid, resume.getOrDefault(pid, 0L), following, member);
    }
  }

  /** Lets the current subscription go: nothing more of it reaches the client. */
  private void unfollow() {
    if (following != null) {
      following.stop();
      following.pids.forEach(pid -> live.leave(pid, following));
      following = null;
    }
  }

  private Behavior<Msg> onTaskAsked(TaskAsked asked) {
    if (asked.following() == following) {
      follow(asked.pid());
    }
    return this;
  }

  private Behavior<Msg> onFellBehind(FellBehind behind) {
    if (behind.following() != following || resyncing) {
      return this;
    }
    resyncing = true;
    unfollow();
    return sendResync();
  }

  /** Closes a client not heard from for the idle timeout. */
  private Behavior<Msg> onIdleCheck() {
    if (Duration.between(lastHeard, clock.instant()).compareTo(settings.idleTimeout()) > 0) {
      return close(
          CloseCodes.IDLE, "nothing heard for " + settings.idleTimeout().toSeconds() + "s");
    }
    return this;
  }

  // ---- sending ----

  private static ObjectNode frame(String type) {
    return Frames.of(type);
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
    if (!outbox.offer(outgoing)) {
      resyncing = true;
      unfollow();
      return sendResync();
    }
    return this;
  }

  private Behavior<Msg> sendResync() {
    ObjectNode frame = frame("resync");
    frame.put("reason", "the client read too slowly; subscribe again with 'resume'");
    if (!outbox.offer(Outgoing.Frame.persistent(frame.toString()))) {
      timers.startSingleTimer(ResyncDue.INSTANCE, Duration.ofMillis(100));
    }
    return this;
  }

  /**
   * Closes the connection with {@code code} once what is queued has gone out. The stream ends with
   * the close, and the session stops when the connection is gone: stopping at once would end the
   * connection before the close went out, with 1000.
   */
  private Behavior<Msg> close(int code, String reason) {
    if (!closing) {
      closing = true;
      unfollow();
      timers.cancelAll();
      if (!outbox.offer(new Outgoing.Close(code, reason))) {
        // No room for the close: end the connection without its code rather than not at all.
        outbox.complete();
      }
      timers.startSingleTimer(ClientGone.INSTANCE, CLOSE_TIMEOUT);
    }
    return this;
  }

  /** Ends the connection if the session stopped first (a failure). */
  private Behavior<Msg> onStop() {
    unfollow();
    outbox.complete();
    return this;
  }

  private static ProblemException problemIn(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    return cause instanceof ProblemException problem ? problem : null;
  }
}
