package ai.maily.mesh.core.memory;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.core.task.TaskIds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The memory of one agent type for one tenant ({@code tenant:agentType}): what the agent was told
 * and shown, with embeddings to search it by meaning. Every change is one event, written before it
 * is answered; each kind of memory is bounded, and the oldest of a kind makes room for a new one
 * (ADR 0030). A tenant's memories live only in entities of that tenant, so no read of one tenant
 * reaches another's.
 *
 * <p>The entity only stores and compares vectors: {@link AgentMemories} embeds texts before it
 * asks, so the core does not depend on a model.
 */
public final class AgentMemory
    extends EventSourcedBehaviorWithEnforcedReplies<
        AgentMemory.Command, AgentMemory.Event, MemoryState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "AgentMemory");

  // ---- commands ----

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable {}

  /**
   * Remember {@code memory}, whose text embeds to {@code embedding}. The same id with the same kind
   * and text answers the memory already there; with another, a conflict.
   */
  public record Remember(NewMemory memory, UnitVector embedding, ActorRef<MemoryReply> replyTo)
      implements Command {}

  /** Forget the memory {@code id}; {@code by} is the subject asking. */
  public record Forget(String id, String by, ActorRef<MemoryReply> replyTo) implements Command {}

  /**
   * Answer the memories of {@code kinds} closest in meaning to {@code query}, at most {@code k}.
   */
  public record Search(
      UnitVector query, int k, Set<MemoryKind> kinds, ActorRef<MemoryReply> replyTo)
      implements Command {}

  /** Answer the newest memories of {@code kinds}, at most {@code limit}. */
  public record Recent(Set<MemoryKind> kinds, int limit, ActorRef<MemoryReply> replyTo)
      implements Command {}

  // ---- replies ----

  /** The answer to every command. */
  public sealed interface MemoryReply extends CborSerializable {}

  /**
   * The memory is stored.
   *
   * @param created false when it was there already (a retried add)
   * @param evicted the ids of the memories it pushed out, oldest first
   */
  public record Remembered(Memory memory, boolean created, List<String> evicted)
      implements MemoryReply {}

  /** The memory {@code id} is forgotten. */
  public record Forgotten(String id) implements MemoryReply {}

  /** The memories a search found, closest first. */
  public record Found(List<ScoredMemory> memories) implements MemoryReply {}

  /**
   * The newest memories asked for, newest first, and how many of each kind the entity holds.
   *
   * @param counts every kind's number of memories, of all kinds asked for or not
   */
  public record Listed(List<Memory> memories, Map<MemoryKind, Integer> counts)
      implements MemoryReply {}

  /** The command was refused and nothing was written; an invalid memory lists its problems. */
  public record Refused(Rejection rejection, List<Violation> problems) implements MemoryReply {

    static Refused of(ProblemType type, String detail) {
      return new Refused(new Rejection(type, detail), List.of());
    }
  }

  // ---- events ----

  /** What the entity persists: one event per write. */
  public sealed interface Event extends CborSerializable {}

  /** {@code memory} was added, and the memories {@code evicted} were dropped to make room. */
  public record MemoryAdded(Memory memory, List<String> evicted) implements Event {}

  /** The memory {@code id} was forgotten at the request of {@code by}. */
  public record MemoryForgotten(String id, String by, Instant at) implements Event {}

  // ---- wiring ----

  /** The entity id of a tenant's memory of an agent type: {@code tenant:agentType}. */
  public static String entityId(String tenant, String agentType) {
    return TaskIds.entityId(tenant, agentType);
  }

  /** Registers the entity type with sharding on this node. */
  public static void init(ActorSystem<?> system, MemorySettings settings) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), settings)));
  }

  /** The behavior of one entity id. */
  public static Behavior<Command> create(String entityId, MemorySettings settings) {
    return new AgentMemory(entityId, settings, Clock.systemUTC());
  }

  private final MemorySettings settings;
  private final Clock clock;

  private AgentMemory(String entityId, MemorySettings settings, Clock clock) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public MemoryState emptyState() {
    return MemoryState.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, MemoryState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Remember.class, this::onRemember)
        .onCommand(Forget.class, this::onForget)
        .onCommand(
            Search.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new Found(
                            state.search(
                                cmd.query(),
                                bounded(cmd.k()),
                                cmd.kinds(),
                                settings.maxReplyBytes()))))
        .onCommand(
            Recent.class,
            (state, cmd) ->
                Effect()
                    .reply(
                        cmd.replyTo(),
                        new Listed(
                            state.recent(
                                cmd.kinds(), bounded(cmd.limit()), settings.maxReplyBytes()),
                            state.counts())))
        .build();
  }

  private ReplyEffect<Event, MemoryState> onRemember(MemoryState state, Remember cmd) {
    List<Violation> problems = cmd.memory().problems(settings);
    if (!problems.isEmpty()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new Refused(
                  new Rejection(
                      ProblemType.INVALID_REQUEST, problems.size() + " problem(s) in the memory"),
                  problems));
    }
    String id = cmd.memory().storedId();
    var known = state.find(id);
    if (known.isPresent()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              cmd.memory().sameAs(known.get())
                  ? new Remembered(known.get(), false, List.of())
                  : Refused.of(
                      ProblemType.CONFLICT,
                      "memory '" + id + "' already holds another memory; forget it first"));
    }
    Memory memory =
        new Memory(
            id,
            cmd.memory().kind(),
            cmd.memory().storedText(),
            cmd.memory().addedBy(),
            clock.instant(),
            cmd.embedding());
    MemoryAdded added =
        new MemoryAdded(
            memory, state.evictionsFor(memory.kind(), settings.capacityOf(memory.kind())));
    return Effect()
        .persist(added)
        .thenReply(cmd.replyTo(), s -> new Remembered(memory, true, added.evicted()));
  }

  private ReplyEffect<Event, MemoryState> onForget(MemoryState state, Forget cmd) {
    if (state.find(cmd.id()).isEmpty()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Refused.of(ProblemType.NOT_FOUND, "no memory '" + cmd.id() + "' to forget"));
    }
    return Effect()
        .persist(new MemoryForgotten(cmd.id(), cmd.by(), clock.instant()))
        .thenReply(cmd.replyTo(), s -> new Forgotten(cmd.id()));
  }

  private int bounded(int requested) {
    return Math.max(1, Math.min(requested, settings.maxResults()));
  }

  // ---- events ----

  @Override
  public EventHandler<MemoryState, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(MemoryAdded.class, (state, e) -> state.added(e.memory(), e.evicted()))
        .onEvent(MemoryForgotten.class, (state, e) -> state.without(e.id()))
        .build();
  }
}
