package ai.maily.mesh.canvas;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.core.task.TaskIds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One collaborative canvas ({@code tenant:canvasId}): orders its users' edits. Each request names
 * the version it was made on; the canvas applies it and moves one version on, or refuses it as a
 * conflict that says what changed since. Every write is exactly one event, so an event's journal
 * sequence number is its position {@code seq} in the canvas's stream, and each is published on the
 * canvas's live topic once the journal holds it.
 *
 * <p>{@link CanvasDocument} holds the rules of the ops; {@link CanvasState} folds the events.
 */
public final class CanvasEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        CanvasEntity.Command, CanvasEntity.Event, CanvasState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Canvas");

  // ---- commands ----

  /** Messages the canvas accepts. */
  public sealed interface Command extends CborSerializable {}

  /** Start the canvas with a title. */
  public record Create(String title, String by, ActorRef<CanvasReply> replyTo) implements Command {}

  /** Answer the canvas as it is. */
  public record Get(ActorRef<CanvasReply> replyTo) implements Command {}

  /**
   * Apply {@code ops}, made on version {@code baseVersion}, as one change of {@code by}.
   *
   * @param clientOpId the client's id of the request; a request retried with the same id and author
   *     answers the change it made, if the canvas still keeps it, instead of a conflict
   */
  public record Apply(
      long baseVersion,
      List<CanvasOp> ops,
      String by,
      String clientOpId,
      ActorRef<CanvasReply> replyTo)
      implements Command {}

  /** Note that task {@code taskId} was asked about {@code blockId}, of one agent or a playbook. */
  public record RecordAsk(
      String taskId,
      String blockId,
      String agent,
      String playbook,
      String by,
      ActorRef<CanvasReply> replyTo)
      implements Command {}

  // ---- replies ----

  /** The answer to every command. */
  public sealed interface CanvasReply extends CborSerializable {}

  /** The canvas after the command. */
  public record Done(CanvasView canvas) implements CanvasReply {}

  /** The ops were applied: the version they made and what they changed. */
  public record Applied(long version, CanvasChanges changes) implements CanvasReply {}

  /**
   * The ops were made on an older version than {@code version}, and nothing was applied.
   *
   * @param since what each version after the base changed, oldest first; null when the canvas no
   *     longer keeps them all: the client reloads the canvas
   */
  public record Conflict(long version, List<Revision> since) implements CanvasReply {}

  /** The command was refused and nothing was written; invalid ops list their problems. */
  public record Refused(Rejection rejection, List<Violation> problems) implements CanvasReply {

    public static Refused of(ProblemType type, String detail) {
      return new Refused(new Rejection(type, detail), List.of());
    }
  }

  // ---- events ----

  /** What the canvas persists: one event per write. */
  public sealed interface Event extends CborSerializable {

    Instant at();
  }

  public record CanvasCreated(String canvasId, String tenant, String title, String by, Instant at)
      implements Event {}

  /**
   * A request's ops were applied, and the canvas moved to {@code version}.
   *
   * @param changes every block and layer the ops touched, as they are after them
   * @param clientOpId the client's id of the request; null when it gave none
   */
  public record OpsApplied(
      long version,
      List<CanvasOp> ops,
      CanvasChanges changes,
      String by,
      String clientOpId,
      Instant at)
      implements Event {}

  /** A task was asked from the canvas; the canvas's version stays. */
  public record TaskAsked(
      String taskId, String blockId, String agent, String playbook, String by, Instant at)
      implements Event {}

  // ---- wiring ----

  /** Registers the entity type with sharding. */
  public static void init(ActorSystem<?> system) {
    CanvasSettings settings = CanvasSettings.fromConfig(system.settings().config());
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings, ctx.getShard())));
  }

  /**
   * The behavior of one canvas.
   *
   * @param shard asked to passivate the entity after it answered about a canvas that does not exist
   */
  public static Behavior<Command> create(
      String entityId, CanvasSettings settings, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(ctx -> new CanvasEntity(ctx, entityId, settings, shard));
  }

  /** The persistence id of a tenant's canvas: its stream's {@code pid}. */
  public static String persistenceId(String tenant, String canvasId) {
    return PersistenceId.of(ENTITY_KEY.name(), TaskIds.entityId(tenant, canvasId)).id();
  }

  /** The tag of the events that create a tenant's canvases, which list them. */
  public static String tenantTag(String tenant) {
    return "canvases-" + tenant;
  }

  private final ActorContext<Command> context;
  private final String canvasId;
  private final String tenant;
  private final CanvasSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final LiveTopics live;
  private final Clock clock = Clock.systemUTC();

  private CanvasEntity(
      ActorContext<Command> context,
      String entityId,
      CanvasSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), entityId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.context = context;
    this.canvasId = TaskIds.taskIdOf(entityId);
    this.tenant = TaskIds.tenantOf(entityId);
    this.settings = settings;
    this.shard = shard;
    this.live = LiveTopics.get(context.getSystem());
  }

  @Override
  public CanvasState emptyState() {
    return CanvasState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Events stay: they are the canvas's stream, which clients replay from any position.
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return event instanceof CanvasCreated ? Set.of(tenantTag(tenant)) : Set.of();
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, CanvasState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(s -> !s.isCreated())
        .onCommand(Create.class, this::onCreate)
        .onCommand(Get.class, c -> notFound(c.replyTo()))
        .onCommand(Apply.class, c -> notFound(c.replyTo()))
        .onCommand(RecordAsk.class, c -> notFound(c.replyTo()));
    builder
        .forAnyState()
        .onCommand(
            Create.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        Refused.of(ProblemType.CONFLICT, "canvas " + canvasId + " already exists")))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), new Done(s.view())))
        .onCommand(Apply.class, this::onApply)
        .onCommand(RecordAsk.class, this::onRecordAsk);
    return builder.build();
  }

  private ReplyEffect<Event, CanvasState> onCreate(CanvasState state, Create cmd) {
    List<Violation> problems = CanvasDocument.titleProblems(cmd.title(), settings);
    if (!problems.isEmpty()) {
      return Effect().reply(cmd.replyTo(), invalid(problems));
    }
    return write(new CanvasCreated(canvasId, tenant, cmd.title(), cmd.by(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> new Done(s.view()));
  }

  private ReplyEffect<Event, CanvasState> onApply(CanvasState state, Apply cmd) {
    var earlier = state.revisionOf(cmd.by(), cmd.clientOpId());
    if (earlier.isPresent()) {
      return Effect()
          .reply(cmd.replyTo(), new Applied(earlier.get().version(), earlier.get().changes()));
    }
    if (cmd.baseVersion() != state.version()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new Conflict(state.version(), state.since(cmd.baseVersion()).orElse(null)));
    }
    CanvasDocument.Outcome outcome = state.document().apply(cmd.ops(), cmd.by(), settings);
    if (outcome instanceof CanvasDocument.Invalid invalid) {
      return Effect().reply(cmd.replyTo(), invalid(invalid.problems()));
    }
    CanvasChanges changes = ((CanvasDocument.Applied) outcome).changes();
    OpsApplied applied =
        new OpsApplied(
            state.version() + 1, cmd.ops(), changes, cmd.by(), cmd.clientOpId(), clock.instant());
    return write(applied).thenReply(cmd.replyTo(), s -> new Applied(s.version(), changes));
  }

  private ReplyEffect<Event, CanvasState> onRecordAsk(CanvasState state, RecordAsk cmd) {
    if (state.hasAsked(cmd.taskId())) {
      return Effect().reply(cmd.replyTo(), new Done(state.view()));
    }
    TaskAsked asked =
        new TaskAsked(
            cmd.taskId(), cmd.blockId(), cmd.agent(), cmd.playbook(), cmd.by(), clock.instant());
    return write(asked).thenReply(cmd.replyTo(), s -> new Done(s.view()));
  }

  /** Persists {@code event}, then publishes it on the canvas's live topic at its position. */
  private EffectBuilder<Event, CanvasState> write(Event event) {
    return Effect()
        .persist(event)
        .thenRun(
            s ->
                live.publish(
                    new LiveMessage.Events(
                        persistenceId().id(),
                        lastSequenceNumber(context),
                        List.of(LiveEvent.of(event, event.at())))));
  }

  /** Refuses a command for a canvas that does not exist, and lets the entity go. */
  private ReplyEffect<Event, CanvasState> notFound(ActorRef<CanvasReply> replyTo) {
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Effect()
        .reply(
            replyTo, Refused.of(ProblemType.NOT_FOUND, "canvas " + canvasId + " does not exist"));
  }

  private static Refused invalid(List<Violation> problems) {
    return new Refused(
        new Rejection(ProblemType.INVALID_REQUEST, problems.size() + " problem(s) in the request"),
        problems);
  }

  // ---- events ----

  @Override
  public EventHandler<CanvasState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(CanvasCreated.class, CanvasState::created)
        .onEvent(OpsApplied.class, (s, e) -> s.applied(e, settings))
        .onEvent(TaskAsked.class, (s, e) -> s.asked(e, settings))
        .build();
  }
}
