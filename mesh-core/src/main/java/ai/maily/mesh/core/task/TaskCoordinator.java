package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.agent.AgentBreakers;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentGateway;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.budget.BudgetView;
import ai.maily.mesh.core.journal.GroupCommit;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.core.task.TaskState.StepProgress;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.JournalPersistRejected;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Runs one task ({@code tenant:taskId}) along its plan: dispatches every ready step to its agent in
 * parallel, retries failed attempts with backoff, parks on approvals, and finishes with the
 * outputs. Every decision is an event, so a restarted node resumes the task where it was; steps
 * that were in flight are sent again with the same request id and the agent's deduplication keeps
 * their work to one run.
 *
 * <p>The machinery lives beside it: {@link TaskState} folds the events, {@link StepAttempts} sends
 * attempts through the agents' breakers, {@link TaskLifecycle} tells the node's recovery and
 * admission how the task goes, and {@link GroupCommit} writes the successes that arrive together as
 * one (ADR 0013).
 */
public final class TaskCoordinator
    extends EventSourcedBehaviorWithEnforcedReplies<
        TaskCoordinator.Command, TaskCoordinator.Event, TaskState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Task");

  // ---- commands ----

  /** Messages the coordinator accepts. */
  public sealed interface Command extends CborSerializable {}

  /** Start the task, or return it if this id already holds one from the same submission. */
  public record Submit(TaskSubmission submission, ActorRef<TaskReply> replyTo) implements Command {}

  /** Stop dispatching and mark every unfinished step cancelled. */
  public record Cancel(String by, String reason, ActorRef<TaskReply> replyTo) implements Command {}

  /** Approve or reject an approval step that awaits a decision. */
  public record Decide(
      String stepId, boolean approve, String by, String comment, ActorRef<TaskReply> replyTo)
      implements Command {}

  /** How an attempt ended: the agent's outcome, or why there is none. */
  record StepReplied(String stepId, int attempt, WorkOutcome outcome, String failure)
      implements Command {}

  /** An agent's answer to an attempt, through the coordinator's message adapter. */
  record AgentAnswered(WorkOutcome outcome) implements Command {}

  /** The attempt with this request id got no answer within its step's timeout. */
  record AttemptTimedOut(String requestId) implements Command {}

  /** The backoff before a step's next attempt has passed. */
  record RetryDue(String stepId, int attempt) implements Command {}

  /**
   * The ledger's answer about the budget left for an attempt of a step that spends one ({@link
   * TaskBudget}); {@code view} is null when the ledger did not answer.
   */
  record BudgetChecked(
      String stepId, int attempt, String requestId, JsonNode input, BudgetView view)
      implements Command {}

  /**
   * Wakes the task: sent by {@link TaskRecovery} to every task that may be unfinished. The task's
   * recovery does the rest: it sends its in-flight steps again, or passivates an ended task.
   */
  public enum Resume implements Command {
    INSTANCE
  }

  /**
   * Sharding's stop message: the task passivates, its shard moves to another node, or the node
   * stops.
   */
  enum HandOff implements Command {
    INSTANCE
  }

  /** Ticks while the entity holds no task or a finished one, until it passivates. */
  enum Idle implements Command {
    INSTANCE
  }

  /** Write the step successes answered since the last write, as one; sent to itself. */
  enum Write implements Command {
    INSTANCE
  }

  // ---- replies ----

  /** The answer to every client command: the task after it, or why it was refused. */
  public sealed interface TaskReply extends CborSerializable {}

  /** The command was carried out; {@code created} when it started the task. */
  public record Done(TaskView task, boolean created) implements TaskReply {}

  /** The command was refused and nothing was written; an invalid plan lists its problems. */
  public record Refused(Rejection rejection, List<PlanProblem> problems) implements TaskReply {

    public static Refused of(ProblemType type, String detail) {
      return new Refused(new Rejection(type, detail), List.of());
    }
  }

  /**
   * Published on the actor system's event stream when a task ends on this node, for local listeners
   * (domain-event publishers, benchmarks); the journal stays the source of truth.
   */
  public record TaskEnded(String tenant, String taskId, TaskStatus status, Instant at)
      implements CborSerializable {}

  // ---- events ----

  /** What the coordinator persists. */
  public sealed interface Event extends CborSerializable {

    /** When the coordinator decided it; a batch's is its last event's. */
    Instant at();
  }

  public record TaskSubmitted(String taskId, String tenant, TaskSubmission submission, Instant at)
      implements Event {}

  public record StepStarted(String stepId, int attempt, String requestId, Instant at)
      implements Event {}

  public record StepSucceeded(String stepId, int attempt, AgentOutput output, Instant at)
      implements Event {}

  /**
   * One attempt failed; {@code retryInMs < 0} means no retry follows. {@code problem} is the type
   * of a failure that has one (e.g. budget-exceeded), else null and not written.
   */
  public record StepAttemptFailed(
      String stepId,
      int attempt,
      String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) ProblemType problem,
      long retryInMs,
      Instant at)
      implements Event {}

  /** The step failed for good; {@code problem} as in {@link StepAttemptFailed}. */
  public record StepFailed(
      String stepId,
      String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) ProblemType problem,
      Instant at)
      implements Event {}

  public record StepsSkipped(List<String> stepIds, String reason, Instant at) implements Event {}

  public record ApprovalRequested(String stepId, Instant at) implements Event {}

  public record ApprovalDecided(
      String stepId, boolean approved, String by, String comment, Instant at) implements Event {}

  public record TaskCancelled(String by, String reason, Instant at) implements Event {}

  public record TaskFinished(TaskStatus status, List<String> reasons, Instant at)
      implements Event {}

  /**
   * The events of one write, in order, as one journal row (ADR 0019). It holds neither a {@link
   * TaskFinished}, which keeps a row of its own for the recovery's scan, nor another batch.
   */
  public record Batch(
      @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
          @JsonSubTypes({
            @JsonSubTypes.Type(value = TaskSubmitted.class, name = "TaskSubmitted"),
            @JsonSubTypes.Type(value = StepStarted.class, name = "StepStarted"),
            @JsonSubTypes.Type(value = StepSucceeded.class, name = "StepSucceeded"),
            @JsonSubTypes.Type(value = StepAttemptFailed.class, name = "StepAttemptFailed"),
            @JsonSubTypes.Type(value = StepFailed.class, name = "StepFailed"),
            @JsonSubTypes.Type(value = StepsSkipped.class, name = "StepsSkipped"),
            @JsonSubTypes.Type(value = ApprovalRequested.class, name = "ApprovalRequested"),
            @JsonSubTypes.Type(value = ApprovalDecided.class, name = "ApprovalDecided"),
            @JsonSubTypes.Type(value = TaskCancelled.class, name = "TaskCancelled")
          })
          List<Event> events)
      implements Event {

    @Override
    public Instant at() {
      return events.get(events.size() - 1).at();
    }
  }

  /** The events a journal row holds, in order: a batch's, or the row's own event. */
  public static List<Event> unpacked(Event row) {
    return row instanceof Batch batch ? batch.events() : List.of(row);
  }

  // ---- wiring ----

  /**
   * Registers the entity type with sharding, and starts the node's {@link TaskRecovery}.
   *
   * @param store where this node's recovery lists open tasks and finds unfinished ones
   */
  public static void init(ActorSystem<?> system, AgentRegistry registry, OpenTaskStore store) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<TaskRecovery.Command> recovery =
        TaskRecovery.init(
            system,
            store,
            entityId -> sharding.entityRefFor(ENTITY_KEY, entityId).tell(Resume.INSTANCE));
    TaskSettings settings =
        TaskSettings.fromConfig(system.settings().config().getConfig("mesh.tasks"));
    PlanValidator validator = new PlanValidator(registry::contains, settings.limits());
    AgentGateway gateway = AgentGateway.sharded(system);
    TaskAdmission admission = TaskAdmission.get(system);
    StepBudgets budgets = StepBudgets.of(system, registry);
    sharding.init(
        Entity.of(
                ENTITY_KEY,
                ctx ->
                    create(
                        ctx.getEntityId(),
                        settings,
                        validator,
                        gateway,
                        admission,
                        recovery,
                        budgets,
                        ctx.getShard()))
            // A task passivates itself once it has ended; sharding's idle passivation would stop
            // tasks that wait on slow agents or approvals, and each would be woken again at once.
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
            .withStopMessage(HandOff.INSTANCE));
  }

  /**
   * The behavior of one task.
   *
   * @param validator checks a submitted plan against the node's agents and limits
   * @param admission the node's bound on running tasks
   * @param recovery told when the task opens, ends or moves
   * @param budgets which steps spend a language-model budget, and how to read what is left
   * @param shard the shard to ask for passivation once the task is finished and idle
   */
  public static Behavior<Command> create(
      String entityId,
      TaskSettings settings,
      PlanValidator validator,
      AgentGateway gateway,
      TaskAdmission admission,
      ActorRef<TaskRecovery.Command> recovery,
      StepBudgets budgets,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    Behavior<Command> coordinator =
        Behaviors.withTimers(
            timers ->
                Behaviors.setup(
                    ctx -> {
                      var lifecycle =
                          new TaskLifecycle(
                              entityId, recovery, admission, ctx.getSystem().eventStream());
                      var attempts =
                          new StepAttempts(
                              TaskIds.tenantOf(entityId),
                              TaskIds.taskIdOf(entityId),
                              AgentBreakers.get(ctx.getSystem())::forAgent,
                              gateway,
                              ctx.messageAdapter(WorkOutcome.class, AgentAnswered::new));
                      var budget =
                          new TaskBudget(
                              TaskIds.tenantOf(entityId), TaskIds.taskIdOf(entityId), budgets);
                      return new TaskCoordinator(
                          ctx, timers, entityId, settings, validator, lifecycle, attempts, budget,
                          shard);
                    }));
    return RejectedWrites.restartAfterBackoff(coordinator, settings.backoff().ceiling(1));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String entityId;
  private final String taskId;
  private final TaskSettings settings;
  private final PlanValidator validator;
  private final TaskLifecycle lifecycle;
  private final StepAttempts attempts;
  private final TaskBudget budget;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Clock clock = Clock.systemUTC();
  private final GroupCommit<Event> commit;
  private final LiveTopics live;
  // Successful answers not yet written, by step id. While there are any, every other command that
  // would write is stashed until they are written (afterWaitingSuccesses).
  private final Map<String, StepSucceeded> waitingSuccesses = new LinkedHashMap<>();
  // Who waits for the write in flight, told if the journal refuses it.
  private final RejectedWrites<TaskReply> rejectedWrites = new RejectedWrites<>();

  private TaskCoordinator(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String entityId,
      TaskSettings settings,
      PlanValidator validator,
      TaskLifecycle lifecycle,
      StepAttempts attempts,
      TaskBudget budget,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.context = context;
    this.timers = timers;
    this.entityId = entityId;
    this.taskId = TaskIds.taskIdOf(entityId);
    this.settings = settings;
    this.validator = validator;
    this.lifecycle = lifecycle;
    this.attempts = attempts;
    this.budget = budget;
    this.shard = shard;
    this.live = LiveTopics.get(context.getSystem());
    // A TaskFinished keeps a row of its own, which the recovery's scan finds (ADR 0018).
    this.commit =
        new GroupCommit<>(
            Batch::new,
            TaskFinished.class::isInstance,
            () -> context.getSelf().tell(Write.INSTANCE));
  }

  @Override
  public TaskState emptyState() {
    return new TaskState();
  }

  /** A task never saves a snapshot, so its recovery does not ask the snapshot store for one. */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  // ---- command handlers ----

  @Override
  public CommandHandlerWithReply<Command, Event, TaskState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(TaskState::isEmpty)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Decide.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Idle.class, (s, c) -> passivate())
        .onCommand(Resume.class, (s, c) -> passivate())
        .onCommand(HandOff.class, (s, c) -> handedOff(s))
        .onAnyCommand(c -> Effect().noReply());
    builder
        .forAnyState()
        .onCommand(Submit.class, this::onResubmit)
        .onCommand(Cancel.class, afterWaitingSuccesses(this::onCancel))
        .onCommand(Decide.class, afterWaitingSuccesses(this::onDecide))
        .onCommand(AgentAnswered.class, this::onAgentAnswered)
        .onCommand(AttemptTimedOut.class, afterWaitingSuccesses(this::onAttemptTimedOut))
        // Sent by the coordinator itself only for an attempt its breaker refused: a failure.
        .onCommand(StepReplied.class, afterWaitingSuccesses(this::onStepReplied))
        .onCommand(RetryDue.class, afterWaitingSuccesses(this::onRetryDue))
        .onCommand(BudgetChecked.class, afterWaitingSuccesses(this::onBudgetChecked))
        .onCommand(Write.class, this::onWrite)
        .onCommand(Resume.class, (s, c) -> Effect().noReply())
        .onCommand(HandOff.class, (s, c) -> handedOff(s))
        // An attempt still on its way may be a breaker's half-open trial: stay for its answer or
        // timeout, so that the breaker hears how it went.
        .onCommand(
            Idle.class,
            (s, c) -> s.isFinished() && !attempts.anyAwaiting() ? passivate() : Effect().noReply());
    return builder.build();
  }

  /**
   * {@code handler} for a command that writes something other than a success: while successes wait
   * for their write (ADR 0013), the command is stashed and handled after that write, so events keep
   * the order their commands were handled in.
   */
  private <C extends Command>
      BiFunction<TaskState, C, ReplyEffect<Event, TaskState>> afterWaitingSuccesses(
          BiFunction<TaskState, C, ReplyEffect<Event, TaskState>> handler) {
    return (state, command) ->
        waitingSuccesses.isEmpty() ? handler.apply(state, command) : Effect().stash();
  }

  private ReplyEffect<Event, TaskState> onSubmit(TaskState state, Submit cmd) {
    TaskSubmission submission = cmd.submission();
    List<PlanProblem> problems = validator.validate(submission);
    if (!problems.isEmpty()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              new Refused(
                  new Rejection(
                      ProblemType.INVALID_PLAN, problems.size() + " problem(s) in the submission"),
                  List.copyOf(problems)));
    }
    if (!lifecycle.admitNew()) {
      return Effect().reply(cmd.replyTo(), Refused.of(ProblemType.OVERLOADED, lifecycle.refusal()));
    }
    List<Event> events = new ArrayList<>();
    events.add(new TaskSubmitted(taskId, TaskIds.tenantOf(entityId), submission, clock.instant()));
    Map<String, StepStatus> statuses = new LinkedHashMap<>();
    submission.plan().steps().forEach(s -> statuses.put(s.id(), StepStatus.PENDING));
    events.addAll(
        PlanProgress.eventsAfter(entityId, submission.plan(), statuses, Map.of(), clock.instant()));
    return persistFor(cmd.replyTo(), events)
        .thenRun(
            s -> {
              // Started while the entity held no task; a task passivates only once it has ended.
              timers.cancel(Idle.INSTANCE);
              lifecycle.opened(s.createdAt());
              dispatchStarted(s);
            })
        .thenReply(cmd.replyTo(), s -> new Done(s.view(), true));
  }

  private ReplyEffect<Event, TaskState> onResubmit(TaskState state, Submit cmd) {
    if (!state.submission().fingerprint().equals(cmd.submission().fingerprint())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Refused.of(
                  ProblemType.CONFLICT,
                  "idempotency key '"
                      + cmd.submission().idempotencyKey()
                      + "' was already used for a different submission (task "
                      + taskId
                      + ")"));
    }
    return Effect().reply(cmd.replyTo(), new Done(state.view(), false));
  }

  private ReplyEffect<Event, TaskState> onCancel(TaskState state, Cancel cmd) {
    if (state.isFinished()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Refused.of(
                  ProblemType.CONFLICT,
                  "task " + taskId + " already ended as " + state.finalStatus()));
    }
    state.steps().keySet().forEach(timers::cancel);
    return persistFor(
            cmd.replyTo(), List.of(new TaskCancelled(cmd.by(), cmd.reason(), clock.instant())))
        .thenRun(this::announceEnd)
        .thenReply(cmd.replyTo(), s -> new Done(s.view(), false));
  }

  private ReplyEffect<Event, TaskState> onDecide(TaskState state, Decide cmd) {
    Step step = state.plan().step(cmd.stepId()).orElse(null);
    if (step == null || step.kind() != StepKind.APPROVAL) {
      return Effect()
          .reply(
              cmd.replyTo(),
              Refused.of(
                  ProblemType.NOT_FOUND,
                  "task " + taskId + " has no approval step '" + cmd.stepId() + "'"));
    }
    StepStatus status = state.step(cmd.stepId()).status;
    if (state.isFinished() || status != StepStatus.AWAITING_APPROVAL) {
      String detail =
          String.format(
              "step '%s' is %s and task %s is %s; only a step awaiting approval takes a decision",
              cmd.stepId(), status, taskId, state.status());
      return Effect().reply(cmd.replyTo(), Refused.of(ProblemType.CONFLICT, detail));
    }
    List<Event> events = new ArrayList<>();
    events.add(
        new ApprovalDecided(cmd.stepId(), cmd.approve(), cmd.by(), cmd.comment(), clock.instant()));
    Map<String, StepStatus> statuses = state.statuses();
    statuses.put(cmd.stepId(), cmd.approve() ? StepStatus.SUCCEEDED : StepStatus.FAILED);
    Map<String, String> errors =
        cmd.approve()
            ? Map.of()
            : Map.of(cmd.stepId(), "approval '" + cmd.stepId() + "' rejected by " + cmd.by());
    events.addAll(
        PlanProgress.eventsAfter(entityId, state.plan(), statuses, errors, clock.instant()));
    return persistFor(cmd.replyTo(), events)
        .thenRun(this::dispatchStarted)
        .thenReply(cmd.replyTo(), s -> new Done(s.view(), false));
  }

  /**
   * A success joins the successes waiting for their write; any other answer waits for that write,
   * like every command that writes ({@link #afterWaitingSuccesses}).
   */
  private ReplyEffect<Event, TaskState> onAgentAnswered(TaskState state, AgentAnswered answered) {
    WorkOutcome outcome = answered.outcome();
    if (outcome.status() != WorkOutcome.Status.COMPLETED && !waitingSuccesses.isEmpty()) {
      return Effect().stash();
    }
    return attempts
        .answered(outcome)
        .map(
            attempt -> {
              timers.cancel(new AttemptTimedOut(outcome.requestId()));
              return onStepReplied(
                  state, new StepReplied(attempt.stepId(), attempt.attempt(), outcome, null));
            })
        .orElseGet(() -> Effect().noReply());
  }

  private ReplyEffect<Event, TaskState> onAttemptTimedOut(TaskState state, AttemptTimedOut late) {
    return attempts
        .timedOut(late.requestId())
        .map(
            attempt -> {
              Step step = state.plan().step(attempt.stepId()).orElseThrow();
              String failure =
                  "no answer from agent '"
                      + attempt.agent()
                      + "' within "
                      + step.timeoutMs()
                      + " ms";
              return onStepReplied(
                  state, new StepReplied(attempt.stepId(), attempt.attempt(), null, failure));
            })
        .orElseGet(() -> Effect().noReply());
  }

  private ReplyEffect<Event, TaskState> onStepReplied(TaskState state, StepReplied reply) {
    if (!awaitsReply(state, reply)) {
      return Effect().noReply();
    }
    WorkOutcome outcome = reply.outcome();
    if (outcome != null && outcome.status() == WorkOutcome.Status.COMPLETED) {
      return waitForWrite(
          new StepSucceeded(reply.stepId(), reply.attempt(), outcome.output(), clock.instant()));
    }
    String error = outcome != null ? outcome.error() : reply.failure();
    boolean retryable = outcome == null || outcome.retryable();
    ProblemType problem = outcome == null ? null : outcome.problem();
    Step step = state.plan().step(reply.stepId()).orElseThrow();
    if (retryable && reply.attempt() < step.maxAttempts()) {
      return retryLater(reply, error, problem);
    }
    return failStep(
        state,
        reply,
        retryable
            ? "failed after " + reply.attempt() + " attempt(s): " + error
            : "failed, not retryable: " + error,
        error,
        problem);
  }

  /** Whether the reply is for the attempt the step runs now, and not answered yet. */
  private boolean awaitsReply(TaskState state, StepReplied reply) {
    StepProgress progress = state.step(reply.stepId());
    return !state.isFinished()
        && progress != null
        && progress.awaitsAnswer()
        && progress.attempts == reply.attempt()
        && !waitingSuccesses.containsKey(reply.stepId());
  }

  private ReplyEffect<Event, TaskState> retryLater(
      StepReplied reply, String error, ProblemType problem) {
    long delayMs = settings.backoff().delay(reply.attempt()).toMillis();
    Event failed =
        new StepAttemptFailed(
            reply.stepId(), reply.attempt(), error, problem, delayMs, clock.instant());
    return write(List.of(failed))
        .thenRun(
            s ->
                timers.startSingleTimer(
                    reply.stepId(),
                    new RetryDue(reply.stepId(), reply.attempt() + 1),
                    Duration.ofMillis(delayMs)))
        .thenNoReply();
  }

  private ReplyEffect<Event, TaskState> failStep(
      TaskState state, StepReplied reply, String finalError, String error, ProblemType problem) {
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    events.add(new StepAttemptFailed(reply.stepId(), reply.attempt(), error, problem, -1, now));
    events.add(new StepFailed(reply.stepId(), finalError, problem, now));
    Map<String, StepStatus> statuses = state.statuses();
    statuses.put(reply.stepId(), StepStatus.FAILED);
    Map<String, String> errors =
        Map.of(reply.stepId(), "step '" + reply.stepId() + "' " + finalError);
    events.addAll(PlanProgress.eventsAfter(entityId, state.plan(), statuses, errors, now));
    return write(events).thenRun(this::dispatchStarted).thenNoReply();
  }

  /**
   * Queues a step's success for the next write, which goes to the back of the mailbox: the answers
   * of parallel steps that arrive together (a fan-in, or the ones stashed during a write in flight)
   * are written together, and what depends on them starts after one write instead of one per
   * answer.
   */
  private ReplyEffect<Event, TaskState> waitForWrite(StepSucceeded success) {
    waitingSuccesses.put(success.stepId(), success);
    commit.askForWrite();
    return Effect().noReply();
  }

  /**
   * Writes the waiting successes with what follows from them, and sends the steps they start at
   * once, while the write is in flight (ADR 0015): the successes are already durable in the agents'
   * journals, so a coordinator that dies before its write decides the same again on recovery and
   * sends the same request ids, which the agents deduplicate.
   */
  private ReplyEffect<Event, TaskState> onWrite(TaskState state, Write write) {
    commit.writeArrived();
    Map<String, StepSucceeded> writing = new LinkedHashMap<>(waitingSuccesses);
    waitingSuccesses.clear();
    List<Event> events = new ArrayList<>(writing.values());
    Map<String, StepStatus> statuses = state.statuses();
    writing.keySet().forEach(stepId -> statuses.put(stepId, StepStatus.SUCCEEDED));
    events.addAll(
        PlanProgress.eventsAfter(entityId, state.plan(), statuses, Map.of(), clock.instant()));
    for (Event event : events) {
      if (event instanceof StepStarted started) {
        Step step = state.plan().step(started.stepId()).orElseThrow();
        send(step, started.attempt(), started.requestId(), state.inputFor(step, writing));
      }
    }
    return write(events).thenRun(this::dispatchStarted).thenNoReply().thenUnstashAll();
  }

  private ReplyEffect<Event, TaskState> onRetryDue(TaskState state, RetryDue due) {
    StepProgress progress = state.step(due.stepId());
    if (state.isFinished()
        || progress == null
        || progress.retryAt == null
        || progress.attempts + 1 != due.attempt()) {
      return Effect().noReply();
    }
    String requestId = TaskIds.requestId(entityId, due.stepId(), due.attempt());
    return write(List.of(new StepStarted(due.stepId(), due.attempt(), requestId, clock.instant())))
        .thenRun(s -> send(s, due.stepId()))
        .thenNoReply();
  }

  /**
   * The ledger answered about a step that spends a budget: the step is skipped (an optional one
   * that what is left would not cover) or sent, with the budget's hint in its input.
   */
  private ReplyEffect<Event, TaskState> onBudgetChecked(TaskState state, BudgetChecked checked) {
    StepProgress progress = state.step(checked.stepId());
    Step step = state.plan().step(checked.stepId()).orElseThrow();
    TaskBudget.Verdict verdict = budget.answered(state, step, checked);
    if (state.isFinished() || !progress.awaitsAnswer() || progress.attempts != checked.attempt()) {
      return Effect().noReply();
    }
    if (verdict instanceof TaskBudget.Send send) {
      dispatch(step, checked.attempt(), checked.requestId(), send.input());
      return Effect().noReply();
    }
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>();
    events.add(new StepsSkipped(List.of(step.id()), ((TaskBudget.Skip) verdict).reason(), now));
    Map<String, StepStatus> statuses = state.statuses();
    statuses.put(step.id(), StepStatus.SKIPPED);
    events.addAll(PlanProgress.eventsAfter(entityId, state.plan(), statuses, Map.of(), now));
    return write(events).thenRun(this::dispatchStarted).thenNoReply();
  }

  private ReplyEffect<Event, TaskState> handedOff(TaskState state) {
    lifecycle.stoppedByShard(!state.isEmpty() && !state.isFinished());
    return Effect().stop().thenNoReply();
  }

  private ReplyEffect<Event, TaskState> passivate() {
    lifecycle.stoppedByShard(false);
    timers.cancel(Idle.INSTANCE);
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Effect().noReply();
  }

  // ---- deciding and sending ----

  /**
   * Persists the journal rows of a client's command; should the journal refuse them, it says so.
   */
  private EffectBuilder<Event, TaskState> persistFor(
      ActorRef<TaskReply> client, List<Event> events) {
    rejectedWrites.writing(client);
    return write(events).thenRun(s -> rejectedWrites.written());
  }

  /**
   * Persists {@code events} as the journal's rows, then publishes them on the task's live topic,
   * numbered as the event APIs number them.
   */
  private EffectBuilder<Event, TaskState> write(List<Event> events) {
    return Effect()
        .persist(commit.rows(events))
        .thenRun(
            s ->
                live.publish(
                    new LiveMessage.Events(
                        persistenceId().id(),
                        s.eventCount() - events.size() + 1,
                        events.stream().map(e -> LiveEvent.of(e, e.at())).toList())));
  }

  private Refused notFound() {
    return Refused.of(ProblemType.NOT_FOUND, "task " + taskId + " does not exist");
  }

  /** After a persist: sends every step that is running and has no reply yet. */
  private void dispatchStarted(TaskState state) {
    if (state.isFinished()) {
      announceEnd(state);
      return;
    }
    lifecycle.running(state.status() != TaskStatus.AWAITING_APPROVAL);
    state
        .steps()
        .forEach(
            (stepId, progress) -> {
              if (progress.awaitsAnswer() && !attempts.wasSent(progress.requestId)) {
                send(state, stepId);
              }
            });
  }

  private void send(TaskState state, String stepId) {
    Step step = state.plan().step(stepId).orElseThrow();
    StepProgress progress = state.step(stepId);
    send(step, progress.attempts, progress.requestId, state.inputFor(step, Map.of()));
  }

  /**
   * Sends an attempt; one of a step that spends a budget once the ledger has said what is left
   * ({@link #onBudgetChecked}).
   */
  private void send(Step step, int attempt, String requestId, JsonNode input) {
    if (budget.spends(step)) {
      budget.check(context, step, attempt, requestId, input);
    } else {
      dispatch(step, attempt, requestId, input);
    }
  }

  /**
   * Dispatches an attempt, with a timer instead of an ask: no future and no temporary actor per
   * attempt, and the answer is handled on the coordinator's own thread. An attempt its breaker
   * refused fails at once.
   */
  private void dispatch(Step step, int attempt, String requestId, JsonNode input) {
    if (attempts.send(step, attempt, requestId, input)) {
      timers.startSingleTimer(new AttemptTimedOut(requestId), Duration.ofMillis(step.timeoutMs()));
    } else {
      String failure = "circuit breaker for agent '" + step.agent() + "' is open";
      context.getSelf().tell(new StepReplied(step.id(), attempt, null, failure));
    }
  }

  private void announceEnd(TaskState state) {
    lifecycle.ended(
        new TaskEnded(TaskIds.tenantOf(entityId), taskId, state.status(), state.updatedAt()));
    scheduleIdlePassivation();
  }

  /**
   * Ticks {@link Idle} every {@code passivate-after} until the entity passivates. A timer rather
   * than a receive timeout: a cancelled timer's message is never delivered, while a receive timeout
   * cancelled after it fired hands the actor a null message (a task entity stopped on a {@code
   * NullPointerException} under load when creating a task cancelled one).
   */
  private void scheduleIdlePassivation() {
    timers.startTimerWithFixedDelay(Idle.INSTANCE, settings.passivateAfter());
  }

  // ---- events and signals ----

  @Override
  public EventHandler<TaskState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(TaskState::apply);
  }

  @Override
  public SignalHandler<TaskState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(PostStop.instance(), this::onStopped)
        .onSignal(JournalPersistRejected.class, this::onWriteRejected)
        .build();
  }

  /**
   * The journal refused a write, nothing of it stored: its serializer cannot encode the events (the
   * edge checks what clients send against {@link ai.maily.mesh.core.JsonLimits}, so this is what
   * slipped past). The client whose command it was hears why at once; then the coordinator gives
   * back what it holds and starts again from its journal ({@link #create}).
   */
  private void onWriteRejected(TaskState state, JournalPersistRejected rejected) {
    String reason = RejectedWrites.reason(rejected.getFailure());
    context.getLog().warn("task {}: the journal refused a write: {}", entityId, reason);
    rejectedWrites
        .takeWaiting()
        .ifPresent(
            client ->
                client.tell(
                    Refused.of(
                        ProblemType.INVALID_REQUEST,
                        "the task's events cannot be stored: " + reason)));
    attempts.abandonAll();
    lifecycle.running(false);
  }

  private void onStopped(TaskState state) {
    attempts.abandonAll();
    lifecycle.stopped();
  }

  /** Resumes an open task: its retries wait out what is left of their backoff. */
  private void onRecovered(TaskState state) {
    if (state.isFinished()) {
      lifecycle.foundEnded();
    }
    if (state.isEmpty() || state.isFinished()) {
      scheduleIdlePassivation();
      return;
    }
    lifecycle.opened(state.createdAt());
    Instant now = clock.instant();
    state
        .steps()
        .forEach(
            (stepId, progress) -> {
              if (progress.retryAt != null) {
                Duration wait = Duration.between(now, progress.retryAt);
                timers.startSingleTimer(
                    stepId,
                    new RetryDue(stepId, progress.attempts + 1),
                    wait.isNegative() ? Duration.ZERO : wait);
              }
            });
    dispatchStarted(state);
  }
}
