package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.journal.GroupCommit;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.MemoryView;
import ai.maily.mesh.core.problem.ProblemType;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Hosts one {@link Agent} for one (tenant, agent type, pool slot): runs its work off the actor
 * thread with bounded concurrency, deduplicates by request id, and persists what it accepted and
 * how each piece of work ended.
 *
 * <p>Work that was accepted but had not finished when the entity stopped (a crash, a rebalance) is
 * started again on recovery, if its acceptance was written; a retried request id joins that run
 * instead of starting another.
 *
 * <p>Writes are group-committed: what the entity decides while a write is in flight (requests to
 * accept, work that finished) goes into the next write as one batch, so a busy slot makes one
 * journal write per batch instead of two per request (ADR 0008). Work starts as soon as it is
 * accepted; its acceptance is written on its own when the work outlasts {@link
 * AgentSettings#acceptanceWriteDelay()} (ADR 0014), and not at all when the work ends first: its
 * outcome implies it (ADR 0017). Outcomes are sent only once the events that record them are
 * written.
 */
public final class AgentEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AgentEntity.Command, AgentEntity.Event, AgentEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Agent");

  /** Messages the entity accepts. */
  public sealed interface Command extends CborSerializable {}

  /** Run the request unless it already ran; the outcome goes to {@code replyTo}. */
  public record Perform(AgentRequest request, ActorRef<WorkOutcome> replyTo) implements Command {}

  /** Reply with the entity's {@link AgentView}. */
  public record GetState(ActorRef<AgentView> replyTo) implements Command {}

  /**
   * The agent finished a work item; sent by the entity to itself. {@code problem} is the type of a
   * failure that has one, else null.
   */
  record WorkDone(
      String requestId, AgentOutput output, String error, boolean retryable, ProblemType problem)
      implements Command {}

  /** Write the events decided since the last write; sent by the entity to itself. */
  enum Write implements Command {
    INSTANCE
  }

  /**
   * Acceptances have waited {@link AgentSettings#acceptanceWriteDelay()} without a write; sent by
   * the entity's timer to itself, and also the timer's key.
   */
  enum AcceptancesDue implements Command {
    INSTANCE
  }

  /** What the entity persists. */
  public sealed interface Event extends CborSerializable {}

  public record WorkAccepted(AgentRequest request, Instant at) implements Event {}

  public record WorkCompleted(String requestId, AgentOutput output, long latencyMs, Instant at)
      implements Event {}

  /**
   * @param problem the failure's problem type ({@link AgentFailure#refused}); null for a failure
   *     without one, and left out of the journal row then, which keeps the rows written before it
   *     existed
   */
  public record WorkFailed(
      String requestId,
      String error,
      boolean retryable,
      @JsonInclude(JsonInclude.Include.NON_NULL) ProblemType problem,
      long latencyMs,
      Instant at)
      implements Event {}

  /** The events of one write, in order, as one journal row (ADR 0019); never another batch. */
  public record Batch(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
          @JsonSubTypes({
            @JsonSubTypes.Type(value = WorkAccepted.class, name = "WorkAccepted"),
            @JsonSubTypes.Type(value = WorkCompleted.class, name = "WorkCompleted"),
            @JsonSubTypes.Type(value = WorkFailed.class, name = "WorkFailed")
          })
          List<Event> events)
      implements Event {}

  /**
   * How a request ended, as the requester sees it.
   *
   * @param problem the type of a failure that has one ({@link AgentFailure#refused}), else null
   */
  public record WorkOutcome(
      String requestId,
      Status status,
      AgentOutput output,
      String error,
      boolean retryable,
      @JsonInclude(JsonInclude.Include.NON_NULL) ProblemType problem)
      implements CborSerializable {

    /** The three ways a request ends. */
    public enum Status {
      COMPLETED,
      FAILED,
      /** Not accepted: the entity is full or cannot host the agent; nothing was persisted. */
      REJECTED
    }

    static WorkOutcome rejected(String requestId, String error, boolean retryable) {
      return new WorkOutcome(requestId, Status.REJECTED, null, error, retryable, null);
    }
  }

  /** What the API shows of the entity. */
  public record AgentView(
      String tenant,
      String agentType,
      int slot,
      String status,
      int inFlight,
      int queued,
      long processed,
      long failures,
      long averageLatencyMs,
      long lastLatencyMs,
      String lastSummary,
      JsonNode lastOutput,
      Instant lastActivityAt)
      implements CborSerializable {}

  /**
   * The entity's durable state. Mutable, changed only by {@link #apply}; the pending map keeps
   * arrival order so queued work starts first-come, first-served.
   */
  @JsonAutoDetect(
      fieldVisibility = Visibility.ANY,
      getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  public static final class State implements CborSerializable {
    private LinkedHashMap<String, AgentRequest> pending = new LinkedHashMap<>();
    private LinkedHashMap<String, WorkOutcome> recent = new LinkedHashMap<>();
    private long processed;
    private long failures;
    private long totalLatencyMs;
    private long lastLatencyMs;
    private String lastSummary = "";
    private JsonNode lastOutput;
    private Instant lastActivityAt;

    State apply(Event event, int dedupWindow) {
      if (event instanceof Batch batch) {
        batch.events().forEach(e -> apply(e, dedupWindow));
      } else if (event instanceof WorkAccepted e) {
        pending.put(e.request().requestId(), e.request());
        lastActivityAt = e.at();
      } else if (event instanceof WorkCompleted e) {
        finish(
            new WorkOutcome(
                e.requestId(), WorkOutcome.Status.COMPLETED, e.output(), null, false, null),
            e.latencyMs(),
            e.at(),
            dedupWindow);
        lastSummary = e.output().summary();
        lastOutput = e.output().data();
      } else if (event instanceof WorkFailed e) {
        finish(
            new WorkOutcome(
                e.requestId(),
                WorkOutcome.Status.FAILED,
                null,
                e.error(),
                e.retryable(),
                e.problem()),
            e.latencyMs(),
            e.at(),
            dedupWindow);
        failures++;
      }
      return this;
    }

    private void finish(WorkOutcome outcome, long latencyMs, Instant at, int dedupWindow) {
      pending.remove(outcome.requestId());
      recent.put(outcome.requestId(), outcome);
      while (recent.size() > dedupWindow) {
        recent.remove(recent.keySet().iterator().next());
      }
      processed++;
      totalLatencyMs += latencyMs;
      lastLatencyMs = latencyMs;
      lastActivityAt = at;
    }

    boolean isPending(String requestId) {
      return pending.containsKey(requestId);
    }
  }

  /** The entity id of one pool slot: {@code tenant:agentType:slot}. */
  public static String entityId(String tenant, String agentType, int slot) {
    return tenant + ":" + agentType + ":" + slot;
  }

  /** The pool slot that serves a request id; stable, so a retried id meets its first run. */
  public static int slotFor(String requestId, int poolSize) {
    return Math.floorMod(requestId.hashCode(), poolSize);
  }

  /**
   * Registers the entity type with sharding on this node; agents read their tenant's memory through
   * {@code memories}.
   */
  public static void init(ActorSystem<?> system, AgentRegistry registry, AgentMemories memories) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                ENTITY_KEY, ctx -> create(ctx.getEntityId(), registry, system, memories::view)));
  }

  /** The behavior for one entity id, whose agent keeps no memory ({@link MemoryView#NONE}). */
  public static Behavior<Command> create(
      String entityId, AgentRegistry registry, ActorSystem<?> system) {
    return create(entityId, registry, system, (tenant, agentType) -> MemoryView.NONE);
  }

  /**
   * The behavior for one entity id; an id naming an unknown agent rejects all work.
   *
   * @param memories the memory view of a (tenant, agent type), handed to the agent in its context
   */
  public static Behavior<Command> create(
      String entityId,
      AgentRegistry registry,
      ActorSystem<?> system,
      BiFunction<String, String, MemoryView> memories) {
    String[] parts = entityId.split(":", -1);
    Agent agent = parts.length == 3 ? registry.find(parts[1]).orElse(null) : null;
    if (agent == null) {
      return rejectingEverything("no agent is hosted under entity id '" + entityId + "'");
    }
    AgentSettings settings =
        AgentSettings.of(system.settings().config().getConfig("mesh.agents"), agent.name());
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new AgentEntity(
                        ctx,
                        timers,
                        entityId,
                        parts[0],
                        Integer.parseInt(parts[2]),
                        agent,
                        settings,
                        memories.apply(parts[0], agent.name()))));
  }

  private static Behavior<Command> rejectingEverything(String reason) {
    return Behaviors.receiveMessage(
        command -> {
          if (command instanceof Perform p) {
            p.replyTo().tell(WorkOutcome.rejected(p.request().requestId(), reason, false));
          }
          return Behaviors.stopped();
        });
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final int slot;
  private final Agent agent;
  private final AgentSettings settings;
  private final AgentContext agentContext;
  private final Executor executor;
  private final Optional<ResultCache> results;
  private final Clock clock = Clock.systemUTC();

  // Transient: who waits for which request, which requests run now, and since when.
  private final Map<String, List<ActorRef<WorkOutcome>>> waiters = new HashMap<>();
  private final Set<String> running = new LinkedHashSet<>();
  private final Map<String, Long> startedNanos = new HashMap<>();
  // Transient: events decided but not yet written (the acceptances among them are counted, and
  // their work may be running already), and the write that takes them.
  private final UnwrittenWork unwritten;
  private final GroupCommit<Event> commit;

  private AgentEntity(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String entityId,
      String tenant,
      int slot,
      Agent agent,
      AgentSettings settings,
      MemoryView memory) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.context = context;
    this.timers = timers;
    this.tenant = tenant;
    this.slot = slot;
    this.agent = agent;
    this.settings = settings;
    this.unwritten = new UnwrittenWork(settings.acceptanceWriteDelay());
    this.commit = new GroupCommit<>(Batch::new, () -> context.getSelf().tell(Write.INSTANCE));
    this.executor =
        context
            .getSystem()
            .dispatchers()
            .lookup(DispatcherSelector.fromConfig("mesh.agent-dispatcher"));
    this.agentContext =
        new AgentContext(
            tenant, agent.name(), executor, clock, context.getLog(), context.getSystem(), memory);
    this.results = ResultCache.of(agent, context.getSystem(), settings.resultTtl());
  }

  @Override
  public State emptyState() {
    return new State();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Perform.class, this::onPerform)
        .onCommand(WorkDone.class, this::onWorkDone)
        .onCommand(Write.class, this::onWrite)
        .onCommand(AcceptancesDue.class, this::onAcceptancesDue)
        .onCommand(GetState.class, (state, cmd) -> Effect().reply(cmd.replyTo(), view(state)))
        .build();
  }

  private ReplyEffect<Event, State> onPerform(State state, Perform cmd) {
    String id = cmd.request().requestId();
    WorkOutcome known = state.recent.get(id);
    if (known != null) {
      return Effect().reply(cmd.replyTo(), known);
    }
    if (isAccepted(state, id)) {
      waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(cmd.replyTo());
      return Effect().noReply();
    }
    int accepted = state.pending.size() + unwritten.acceptances().size();
    int limit = settings.maxConcurrency() + settings.maxQueue();
    if (accepted >= limit) {
      return Effect()
          .reply(
              cmd.replyTo(),
              WorkOutcome.rejected(
                  id,
                  "agent '"
                      + agent.name()
                      + "' is overloaded: "
                      + accepted
                      + " work items accepted, limit "
                      + limit,
                  true));
    }
    waiters.computeIfAbsent(id, k -> new ArrayList<>()).add(cmd.replyTo());
    unwritten.accept(cmd.request(), clock.instant());
    if (settings.acceptanceWriteDelay().isZero()) {
      commit.askForWrite();
    } else if (!timers.isTimerActive(AcceptancesDue.INSTANCE)) {
      timers.startSingleTimer(
          AcceptancesDue.INSTANCE, AcceptancesDue.INSTANCE, settings.acceptanceWriteDelay());
    }
    startReady(state);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onAcceptancesDue(State state, AcceptancesDue due) {
    if (!unwritten.acceptances().isEmpty()) {
      commit.askForWrite();
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> onWorkDone(State state, WorkDone done) {
    if (!isAccepted(state, done.requestId())) {
      return Effect().noReply();
    }
    Long started = startedNanos.remove(done.requestId());
    long latencyMs =
        started == null ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    unwritten.finish(
        done.output() != null
            ? new WorkCompleted(done.requestId(), done.output(), latencyMs, clock.instant())
            : new WorkFailed(
                done.requestId(),
                done.error(),
                done.retryable(),
                done.problem(),
                latencyMs,
                clock.instant()));
    commit.askForWrite();
    return Effect().noReply();
  }

  /** Whether {@code requestId} was accepted and has not ended: written, or still to be. */
  private boolean isAccepted(State state, String requestId) {
    return state.isPending(requestId) || unwritten.isAccepted(requestId);
  }

  /**
   * Writes what is due of the unwritten events as one row (ADR 0019), and answers the outcomes once
   * they are written. Acceptances left unwritten are written when their timer fires.
   */
  private ReplyEffect<Event, State> onWrite(State state, Write write) {
    commit.writeArrived();
    UnwrittenWork.Write taken = unwritten.take(clock.instant());
    timers.cancel(AcceptancesDue.INSTANCE);
    taken
        .acceptancesDueIn()
        .ifPresent(wait -> timers.startSingleTimer(AcceptancesDue.INSTANCE, wait));
    if (taken.events().isEmpty()) {
      return Effect().noReply();
    }
    return Effect()
        .persist(commit.rows(taken.events()))
        .thenRun(newState -> answerWritten(taken.events(), newState))
        .thenNoReply();
  }

  /** Tells the waiters of the outcomes just written, and starts the work they made room for. */
  private void answerWritten(List<Event> written, State state) {
    for (Event event : written) {
      String finished = UnwrittenWork.finishedRequestId(event);
      if (finished != null) {
        running.remove(finished);
        WorkOutcome outcome = state.recent.get(finished);
        List<ActorRef<WorkOutcome>> waiting = waiters.remove(finished);
        if (waiting != null) {
          waiting.forEach(ref -> ref.tell(outcome));
        }
      }
    }
    startReady(state);
  }

  /**
   * Starts accepted work, oldest first, while fewer than max-concurrency items run: the written
   * acceptances, then those still to be written.
   */
  private void startReady(State state) {
    Stream.concat(state.pending.values().stream(), unwritten.acceptances().stream())
        .filter(request -> !running.contains(request.requestId()))
        .limit(Math.max(0, settings.maxConcurrency() - running.size()))
        .toList()
        .forEach(this::start);
  }

  private void start(AgentRequest request) {
    running.add(request.requestId());
    startedNanos.put(request.requestId(), System.nanoTime());
    CompletableFuture<AgentOutput> work =
        AgentWork.start(agent, request, agentContext, results)
            .orTimeout(settings.workTimeout().toMillis(), TimeUnit.MILLISECONDS);
    context.pipeToSelf(
        work,
        (output, error) -> {
          if (error == null && output != null) {
            return new WorkDone(request.requestId(), output, null, false, null);
          }
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause == null) {
            return new WorkDone(
                request.requestId(), null, "the agent returned no output", false, null);
          }
          if (cause instanceof AgentFailure failure) {
            return new WorkDone(
                request.requestId(),
                null,
                failure.getMessage(),
                failure.retryable(),
                failure.problem().orElse(null));
          }
          if (cause instanceof TimeoutException) {
            return new WorkDone(
                request.requestId(),
                null,
                "the agent did not finish within " + settings.workTimeout(),
                true,
                null);
          }
          context.getLog().warn("agent {} failed unexpectedly", agent.name(), cause);
          return new WorkDone(
              request.requestId(),
              null,
              cause.getClass().getSimpleName() + ": " + cause.getMessage(),
              true,
              null);
        });
  }

  private AgentView view(State state) {
    int inFlight = running.size();
    int queued = state.pending.size() + unwritten.acceptances().size() - inFlight;
    return new AgentView(
        tenant,
        agent.name(),
        slot,
        inFlight + queued == 0 ? "IDLE" : "WORKING",
        inFlight,
        queued,
        state.processed,
        state.failures,
        state.processed == 0 ? 0 : state.totalLatencyMs / state.processed,
        state.lastLatencyMs,
        state.lastSummary,
        state.lastOutput,
        state.lastActivityAt);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onAnyEvent((state, event) -> state.apply(event, settings.dedupWindow()));
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::startReady)
        .build();
  }
}
