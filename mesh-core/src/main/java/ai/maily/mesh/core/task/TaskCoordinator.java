package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.agent.AgentBreakers;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentGateway;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.resilience.Backoff;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.cluster.typed.Cluster;
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
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Runs one task ({@code tenant:taskId}) along its plan: dispatches every ready step to its agent in
 * parallel, retries failed attempts with backoff, parks on approvals, and finishes with the
 * outputs. Every decision is an event, so a restarted node resumes the task where it was; steps
 * that were in flight are sent again with the same request id and the agent's deduplication keeps
 * their work to one run.
 *
 * <p>Each task tells its node's {@link TaskRecovery} when it opens, ends or moves, which wakes the
 * unfinished tasks after a crash or a rebalance (ADR 0018); a finished task passivates.
 */
public final class TaskCoordinator
    extends EventSourcedBehaviorWithEnforcedReplies<
        TaskCoordinator.Command, TaskCoordinator.Event, TaskCoordinator.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Task");

  /** The random bits of new task ids: not guessable, as {@link UUID#randomUUID()}'s are not. */
  private static final SecureRandom TASK_ID_RANDOM = new SecureRandom();

  // ---- commands ----

  /** Messages the coordinator accepts. */
  public sealed interface Command extends CborSerializable {}

  /** Start the task, or return it if this id already holds one from the same submission. */
  public record Submit(TaskSubmission submission, ActorRef<TaskReply> replyTo) implements Command {}

  /** Reply with the task's view. */
  public record Get(ActorRef<TaskReply> replyTo) implements Command {}

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

  /** Write the step successes answered since the last write, as one. */
  enum WriteSuccesses implements Command {
    INSTANCE
  }

  // ---- replies ----

  /**
   * The answer to every client command: the task view, or why the command was refused.
   *
   * @param outcome what happened
   * @param task the task after the command; null when refused
   * @param detail why the command was refused; empty otherwise
   * @param problems every problem of an invalid submission
   */
  public record TaskReply(Outcome outcome, TaskView task, String detail, List<PlanProblem> problems)
      implements CborSerializable {

    /** How a client command ended. */
    public enum Outcome {
      CREATED,
      EXISTING,
      OK,
      INVALID,
      NOT_FOUND,
      CONFLICT,
      /** The node runs as many tasks as it may ({@link TaskAdmission}); nothing was written. */
      OVERLOADED,
      /**
       * The journal refused to store what the command decided (its serializer cannot encode it);
       * nothing was written, and the same command would be refused again.
       */
      UNWRITABLE
    }

    static TaskReply of(Outcome outcome, TaskView task) {
      return new TaskReply(outcome, task, "", List.of());
    }

    static TaskReply refused(Outcome outcome, String detail) {
      return new TaskReply(outcome, null, detail, List.of());
    }

    static TaskReply invalid(List<PlanProblem> problems) {
      return new TaskReply(
          Outcome.INVALID,
          null,
          problems.size() + " problem(s) in the submission",
          List.copyOf(problems));
    }
  }

  /** A task as the API shows it. */
  public record TaskView(
      String taskId,
      String tenant,
      TaskStatus status,
      String playbook,
      List<StepView> steps,
      JsonNode result,
      List<String> reasons,
      String submittedBy,
      Instant createdAt,
      Instant updatedAt)
      implements CborSerializable {}

  /** A step as the API shows it. */
  public record StepView(
      String id,
      String agent,
      StepKind kind,
      StepStatus status,
      int attempts,
      boolean optional,
      List<String> dependsOn,
      JsonNode output,
      String summary,
      String error)
      implements CborSerializable {}

  /**
   * Published on the actor system's event stream when a task ends on this node, for local listeners
   * (domain-event publishers, benchmarks); the journal stays the source of truth.
   */
  public record TaskEnded(String tenant, String taskId, TaskStatus status, Instant at)
      implements CborSerializable {}

  // ---- events ----

  /** What the coordinator persists. */
  public sealed interface Event extends CborSerializable {}

  public record TaskSubmitted(String taskId, String tenant, TaskSubmission submission, Instant at)
      implements Event {}

  public record StepStarted(String stepId, int attempt, String requestId, Instant at)
      implements Event {}

  public record StepSucceeded(String stepId, int attempt, AgentOutput output, Instant at)
      implements Event {}

  /** One attempt failed; {@code retryInMs < 0} means no retry follows. */
  public record StepAttemptFailed(
      String stepId, int attempt, String error, long retryInMs, Instant at) implements Event {}

  public record StepFailed(String stepId, String error, Instant at) implements Event {}

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
      implements Event {}

  /**
   * The journal rows for the events of one write: the events as one {@link Batch}, or the event
   * itself when it is alone, and a {@link TaskFinished} as a row of its own after them.
   */
  static List<Event> rows(List<Event> events) {
    int last = events.size() - 1;
    boolean finishes = last >= 0 && events.get(last) instanceof TaskFinished;
    List<Event> body = finishes ? events.subList(0, last) : events;
    List<Event> rows = new ArrayList<>(2);
    if (body.size() == 1) {
      rows.add(body.get(0));
    } else if (body.size() > 1) {
      rows.add(new Batch(List.copyOf(body)));
    }
    if (finishes) {
      rows.add(events.get(last));
    }
    return rows;
  }

  /** The events a journal row holds, in order: a batch's, or the row's own event. */
  public static List<Event> unpacked(Event row) {
    return row instanceof Batch batch ? batch.events() : List.of(row);
  }

  // ---- state ----

  /** One step's durable progress. */
  @JsonAutoDetect(
      fieldVisibility = Visibility.ANY,
      getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  public static final class StepProgress implements CborSerializable {
    private StepStatus status = StepStatus.PENDING;
    private int attempts;
    private String requestId = "";
    private AgentOutput output;
    private String error;

    /** When a failed attempt's retry is due; null unless the step waits out a backoff. */
    private Instant retryAt;
  }

  /** The task's durable state; changed only by {@link #apply}. */
  @JsonAutoDetect(
      fieldVisibility = Visibility.ANY,
      getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  public static final class State implements CborSerializable {
    private String taskId;
    private String tenant;
    private TaskSubmission submission;
    private LinkedHashMap<String, StepProgress> steps = new LinkedHashMap<>();
    private TaskStatus finalStatus;
    private List<String> reasons = new ArrayList<>();
    private Instant createdAt;
    private Instant updatedAt;

    boolean isEmpty() {
      return submission == null;
    }

    boolean isFinished() {
      return finalStatus != null;
    }

    Plan plan() {
      return submission.plan();
    }

    StepProgress step(String id) {
      return steps.get(id);
    }

    Map<String, StepStatus> statuses() {
      Map<String, StepStatus> statuses = new LinkedHashMap<>();
      steps.forEach((id, progress) -> statuses.put(id, progress.status));
      return statuses;
    }

    TaskStatus status() {
      if (finalStatus != null) {
        return finalStatus;
      }
      boolean awaiting = false;
      for (StepProgress step : steps.values()) {
        if (step.status == StepStatus.RUNNING) {
          return TaskStatus.RUNNING;
        }
        awaiting |= step.status == StepStatus.AWAITING_APPROVAL;
      }
      return awaiting ? TaskStatus.AWAITING_APPROVAL : TaskStatus.PENDING;
    }

    State apply(Event event) {
      if (event instanceof Batch batch) {
        batch.events().forEach(this::apply);
        return this;
      }
      if (event instanceof TaskSubmitted e) {
        taskId = e.taskId();
        tenant = e.tenant();
        submission = e.submission();
        createdAt = e.at();
        for (Step step : e.submission().plan().steps()) {
          steps.put(step.id(), new StepProgress());
        }
      } else if (event instanceof StepStarted e) {
        StepProgress step = steps.get(e.stepId());
        step.status = StepStatus.RUNNING;
        step.attempts = e.attempt();
        step.requestId = e.requestId();
        step.retryAt = null;
      } else if (event instanceof StepSucceeded e) {
        StepProgress step = steps.get(e.stepId());
        step.status = StepStatus.SUCCEEDED;
        step.output = e.output();
        step.error = null;
      } else if (event instanceof StepAttemptFailed e) {
        StepProgress step = steps.get(e.stepId());
        step.error = e.error();
        step.retryAt = e.retryInMs() < 0 ? null : e.at().plusMillis(e.retryInMs());
      } else if (event instanceof StepFailed e) {
        StepProgress step = steps.get(e.stepId());
        step.status = StepStatus.FAILED;
        step.error = e.error();
        step.retryAt = null;
      } else if (event instanceof StepsSkipped e) {
        e.stepIds().forEach(id -> steps.get(id).status = StepStatus.SKIPPED);
      } else if (event instanceof ApprovalRequested e) {
        steps.get(e.stepId()).status = StepStatus.AWAITING_APPROVAL;
      } else if (event instanceof ApprovalDecided e) {
        StepProgress step = steps.get(e.stepId());
        step.attempts = 1;
        if (e.approved()) {
          step.status = StepStatus.SUCCEEDED;
          step.output = approvalOutput(e);
        } else {
          step.status = StepStatus.FAILED;
          step.error = "rejected by " + e.by() + (e.comment().isEmpty() ? "" : ": " + e.comment());
        }
      } else if (event instanceof TaskCancelled e) {
        finalStatus = TaskStatus.CANCELLED;
        reasons.add("cancelled by " + e.by() + (e.reason().isEmpty() ? "" : ": " + e.reason()));
        endUnfinishedSteps();
      } else if (event instanceof TaskFinished e) {
        finalStatus = e.status();
        reasons.addAll(e.reasons());
        endUnfinishedSteps();
      }
      updatedAt = timeOf(event);
      return this;
    }

    private void endUnfinishedSteps() {
      for (StepProgress step : steps.values()) {
        if (!step.status.isTerminal()) {
          step.status = StepStatus.CANCELLED;
          step.retryAt = null;
        }
      }
    }

    private static AgentOutput approvalOutput(ApprovalDecided e) {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("approved", true);
      data.put("by", e.by());
      data.put("comment", e.comment());
      data.put("at", e.at().toString());
      return new AgentOutput(data, "approved by " + e.by());
    }

    private static Instant timeOf(Event event) {
      if (event instanceof TaskSubmitted e) {
        return e.at();
      } else if (event instanceof StepStarted e) {
        return e.at();
      } else if (event instanceof StepSucceeded e) {
        return e.at();
      } else if (event instanceof StepAttemptFailed e) {
        return e.at();
      } else if (event instanceof StepFailed e) {
        return e.at();
      } else if (event instanceof StepsSkipped e) {
        return e.at();
      } else if (event instanceof ApprovalRequested e) {
        return e.at();
      } else if (event instanceof ApprovalDecided e) {
        return e.at();
      } else if (event instanceof TaskCancelled e) {
        return e.at();
      }
      return ((TaskFinished) event).at();
    }

    TaskView view() {
      List<StepView> views = new ArrayList<>();
      ObjectNode result = JsonNodeFactory.instance.objectNode();
      for (Step step : plan().steps()) {
        StepProgress progress = steps.get(step.id());
        JsonNode output = progress.output == null ? null : progress.output.data();
        views.add(
            new StepView(
                step.id(),
                step.agent(),
                step.kind(),
                progress.status,
                progress.attempts,
                step.optional(),
                step.dependsOn(),
                output,
                progress.output == null ? null : progress.output.summary(),
                progress.error));
        if (output != null) {
          result.set(step.id(), output);
        }
      }
      boolean hasResult = finalStatus == TaskStatus.COMPLETED || finalStatus == TaskStatus.DEGRADED;
      return new TaskView(
          taskId,
          tenant,
          status(),
          submission.playbook(),
          views,
          hasResult ? result : null,
          List.copyOf(reasons),
          submission.submittedBy(),
          createdAt,
          updatedAt);
    }
  }

  /**
   * The view of a task as its entity would answer it, from the task's events. A reader can serve a
   * task this way without waking its entity: for a finished task that has passivated, a wake-up
   * would replay the same events. Empty when the events hold no task.
   */
  public static Optional<TaskView> viewOf(Iterable<? extends Event> events) {
    State state = new State();
    events.forEach(state::apply);
    return state.isEmpty() ? Optional.empty() : Optional.of(state.view());
  }

  // ---- wiring ----

  /** The entity id of a task: {@code tenant:taskId}. */
  public static String entityId(String tenant, String taskId) {
    return tenant + ":" + taskId;
  }

  /**
   * The task id for a submission: derived from the idempotency key when there is one, so a
   * resubmission reaches the same entity; otherwise a new time-ordered UUID, so that the tasks
   * written at the same time sit next to each other in the journal's index.
   */
  public static String taskIdFor(String tenant, String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isEmpty()) {
      return timeOrderedUuid(System.currentTimeMillis(), TASK_ID_RANDOM).toString();
    }
    return UUID.nameUUIDFromBytes((tenant + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * A version 7 UUID (RFC 9562): the Unix time in milliseconds in its first 48 bits, then the
   * version, 74 random bits and the variant. Ids made later sort after earlier ones, to the
   * millisecond.
   */
  static UUID timeOrderedUuid(long epochMillis, Random random) {
    long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  /**
   * What every coordinator of a node shares, read once from {@code mesh.tasks}.
   *
   * @param limits bounds on submissions
   * @param backoff delays between a step's attempts
   * @param passivateAfter how long a finished task stays in memory
   */
  public record Settings(TaskLimits limits, Backoff backoff, Duration passivateAfter) {

    public static Settings fromConfig(Config tasks) {
      return new Settings(
          TaskLimits.fromConfig(tasks),
          new Backoff(
              tasks.getDuration("backoff.min"),
              tasks.getDuration("backoff.max"),
              () -> ThreadLocalRandom.current().nextDouble()),
          tasks.getDuration("passivate-after"));
    }
  }

  /**
   * Registers the entity type with sharding.
   *
   * @param store where this node's {@link TaskRecovery} lists open tasks and finds unfinished ones
   */
  public static void init(ActorSystem<?> system, AgentRegistry registry, OpenTaskStore store) {
    ClusterSharding sharding = ClusterSharding.get(system);
    ActorRef<TaskRecovery.Command> recovery =
        system.systemActorOf(
            TaskRecovery.create(
                store,
                TaskRecovery.Settings.fromConfig(
                    system.settings().config().getConfig("mesh.tasks.recovery")),
                Cluster.get(system).selfMember().address().toString(),
                entityId -> sharding.entityRefFor(ENTITY_KEY, entityId).tell(Resume.INSTANCE),
                system.dispatchers().lookup(DispatcherSelector.blocking())),
            "task-recovery",
            Props.empty());
    Settings settings = Settings.fromConfig(system.settings().config().getConfig("mesh.tasks"));
    PlanValidator validator = new PlanValidator(registry::contains, settings.limits());
    AgentGateway gateway = AgentGateway.sharded(system);
    TaskAdmission admission = TaskAdmission.get(system);
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
                        ctx.getShard()))
            // A task passivates itself once it has ended; sharding's idle passivation would stop
            // tasks that wait on slow agents or approvals, and each would be woken again at once.
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy())
            .withStopMessage(HandOff.INSTANCE));
    recovery.tell(TaskRecovery.ResumeAll.INSTANCE);
  }

  /**
   * Opens the store in which tasks are listed for their recovery, on the journal's database. Tasks
   * are found in the journal by their persistence ids and the manifest of the event that ends them,
   * as this system's serialization writes it.
   */
  public static OpenTaskStore openTaskStore(
      ActorSystem<?> system, String url, String user, String password) {
    TaskFinished sample = new TaskFinished(TaskStatus.COMPLETED, List.of(), Instant.EPOCH);
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    String manifest = Serializers.manifestFor(serialization.findSerializerFor(sample), sample);
    return OpenTaskStore.open(
        url, user, password, PersistenceId.of(ENTITY_KEY.name(), "").id(), manifest);
  }

  /**
   * The behavior of one task.
   *
   * @param validator checks a submitted plan against the node's agents and limits
   * @param admission the node's bound on running tasks
   * @param recovery told when the task opens, ends or moves
   * @param shard the shard to ask for passivation once the task is finished and idle
   */
  public static Behavior<Command> create(
      String entityId,
      Settings settings,
      PlanValidator validator,
      AgentGateway gateway,
      TaskAdmission admission,
      ActorRef<TaskRecovery.Command> recovery,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    Behavior<Command> coordinator =
        Behaviors.withTimers(
            timers ->
                Behaviors.setup(
                    ctx ->
                        new TaskCoordinator(
                            ctx, timers, entityId, settings, validator, gateway, admission,
                            recovery, shard)));
    return RejectedWrites.restartAfterBackoff(coordinator, settings.backoff().ceiling(1));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final String taskId;
  private final AgentBreakers breakers;
  private final PlanValidator validator;
  private final TaskLimits limits;
  private final Backoff backoff;
  private final AgentGateway gateway;
  private final TaskAdmission admission;
  private final ActorRef<TaskRecovery.Command> recovery;
  private final String entityId;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final Duration passivateAfter;
  private final Clock clock = Clock.systemUTC();
  private final ActorRef<WorkOutcome> answers;
  // Request ids sent by this incarnation; a recovered coordinator sends its in-flight steps again.
  private final Set<String> sent = new HashSet<>();
  // Attempts sent to an agent that have neither an answer nor a timeout yet, by request id.
  private final Map<String, Attempt> awaiting = new HashMap<>();
  // Successful answers not yet written, by step id. While there are any, every other command that
  // would write is stashed until they are written (afterUnwrittenSuccesses).
  private final Map<String, StepSucceeded> unwrittenSuccesses = new LinkedHashMap<>();
  // Whether this incarnation holds one of the node's running-task slots (TaskAdmission).
  private boolean holdsSlot;
  // Whether the shard stops this entity (passivation, hand-off) rather than a failure.
  private boolean stoppedByShard;
  // Who waits for the write in flight, told if the journal refuses it.
  private final RejectedWrites<TaskReply> rejectedWrites = new RejectedWrites<>();

  /** An attempt on its way to an agent, and the breaker that let it through. */
  private record Attempt(String stepId, int attempt, String agent, CircuitBreaker breaker) {}

  private TaskCoordinator(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String entityId,
      Settings settings,
      PlanValidator validator,
      AgentGateway gateway,
      TaskAdmission admission,
      ActorRef<TaskRecovery.Command> recovery,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_KEY.name(), entityId));
    this.context = context;
    this.entityId = entityId;
    this.recovery = recovery;
    this.timers = timers;
    int colon = entityId.indexOf(':');
    this.tenant = entityId.substring(0, colon);
    this.taskId = entityId.substring(colon + 1);
    this.limits = settings.limits();
    this.validator = validator;
    this.backoff = settings.backoff();
    this.passivateAfter = settings.passivateAfter();
    this.breakers = AgentBreakers.get(context.getSystem());
    this.gateway = gateway;
    this.admission = admission;
    this.shard = shard;
    this.answers = context.messageAdapter(WorkOutcome.class, AgentAnswered::new);
  }

  @Override
  public State emptyState() {
    return new State();
  }

  /** A task never saves a snapshot, so its recovery does not ask the snapshot store for one. */
  @Override
  public Recovery recovery() {
    return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forState(State::isEmpty)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Cancel.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Decide.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
        .onCommand(Idle.class, (s, c) -> passivate())
        .onCommand(Resume.class, (s, c) -> passivate())
        .onCommand(HandOff.class, (s, c) -> handedOff())
        .onAnyCommand(c -> Effect().noReply());
    builder
        .forAnyState()
        .onCommand(Submit.class, this::onResubmit)
        .onCommand(
            Get.class,
            (s, c) -> Effect().reply(c.replyTo(), TaskReply.of(TaskReply.Outcome.OK, s.view())))
        .onCommand(Cancel.class, afterUnwrittenSuccesses(this::onCancel))
        .onCommand(Decide.class, afterUnwrittenSuccesses(this::onDecide))
        .onCommand(AgentAnswered.class, this::onAgentAnswered)
        .onCommand(AttemptTimedOut.class, afterUnwrittenSuccesses(this::onAttemptTimedOut))
        // Sent by the coordinator itself only for an attempt its breaker refused: a failure.
        .onCommand(StepReplied.class, afterUnwrittenSuccesses(this::onStepReplied))
        .onCommand(RetryDue.class, afterUnwrittenSuccesses(this::onRetryDue))
        .onCommand(WriteSuccesses.class, this::onWriteSuccesses)
        .onCommand(Resume.class, (s, c) -> Effect().noReply())
        .onCommand(HandOff.class, this::onHandOff)
        .onCommand(
            Idle.class,
            (s, c) -> {
              // An attempt still on its way may be a breaker's half-open trial: stay for its
              // answer or timeout, so that the breaker hears how it went.
              return s.isFinished() && awaiting.isEmpty() ? passivate() : Effect().noReply();
            });
    return builder.build();
  }

  /**
   * The shard stops the task. An open task does not passivate, so its shard moves to another node
   * or this node stops: it is woken at its new home at once, and when the whole node stops, the
   * recovery of the node that takes its shards, or of this node when it starts again, finds it.
   */
  private ReplyEffect<Event, State> onHandOff(State state, HandOff handOff) {
    if (!state.isFinished()) {
      recovery.tell(new TaskRecovery.Moved(entityId));
    }
    return handedOff();
  }

  private ReplyEffect<Event, State> handedOff() {
    stoppedByShard = true;
    return Effect().stop().thenNoReply();
  }

  private ReplyEffect<Event, State> passivate() {
    stoppedByShard = true;
    timers.cancel(Idle.INSTANCE);
    shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    return Effect().noReply();
  }

  /**
   * {@code handler} for a command that writes something other than a success: while successes wait
   * for their write (ADR 0013), the command is stashed and handled after that write, so events keep
   * the order their commands were handled in. An agent's answer is stashed this way only when it is
   * not a success ({@link #onAgentAnswered}).
   */
  private <C extends Command>
      BiFunction<State, C, ReplyEffect<Event, State>> afterUnwrittenSuccesses(
          BiFunction<State, C, ReplyEffect<Event, State>> handler) {
    return (state, command) ->
        unwrittenSuccesses.isEmpty() ? handler.apply(state, command) : Effect().stash();
  }

  /**
   * Persists the journal rows of a client's command; should the journal refuse them, it says so.
   */
  private EffectBuilder<Event, State> persistFor(ActorRef<TaskReply> client, List<Event> rows) {
    rejectedWrites.writing(client);
    return Effect().persist(rows).thenRun(s -> rejectedWrites.written());
  }

  private TaskReply notFound() {
    return TaskReply.refused(TaskReply.Outcome.NOT_FOUND, "task " + taskId + " does not exist");
  }

  private ReplyEffect<Event, State> onSubmit(State state, Submit cmd) {
    TaskSubmission submission = cmd.submission();
    List<PlanProblem> problems = new ArrayList<>(validator.validate(submission.plan()));
    int inputBytes = submission.input().toString().getBytes(StandardCharsets.UTF_8).length;
    if (inputBytes > limits.maxInputBytes()) {
      problems.add(
          new PlanProblem(
              "input", "the input is " + inputBytes + " bytes; at most " + limits.maxInputBytes()));
    }
    if (!problems.isEmpty()) {
      return Effect().reply(cmd.replyTo(), TaskReply.invalid(problems));
    }
    if (!admission.tryAdmit()) {
      return Effect()
          .reply(
              cmd.replyTo(), TaskReply.refused(TaskReply.Outcome.OVERLOADED, admission.refusal()));
    }
    // Taken before the write: a failed write stops the entity, and PostStop gives it back.
    holdsSlot = true;
    List<Event> events = new ArrayList<>();
    events.add(new TaskSubmitted(taskId, tenant, submission, clock.instant()));
    Map<String, StepStatus> statuses = new LinkedHashMap<>();
    submission.plan().steps().forEach(s -> statuses.put(s.id(), StepStatus.PENDING));
    advance(submission.plan(), statuses, Map.of(), events);
    return persistFor(cmd.replyTo(), rows(events))
        .thenRun(
            s -> {
              // Started while the entity held no task; a task passivates only once it has ended.
              timers.cancel(Idle.INSTANCE);
              recovery.tell(new TaskRecovery.Opened(entityId, s.createdAt));
              dispatchStarted(s);
            })
        .thenReply(cmd.replyTo(), s -> TaskReply.of(TaskReply.Outcome.CREATED, s.view()));
  }

  private ReplyEffect<Event, State> onResubmit(State state, Submit cmd) {
    if (!state.submission.fingerprint().equals(cmd.submission().fingerprint())) {
      return Effect()
          .reply(
              cmd.replyTo(),
              TaskReply.refused(
                  TaskReply.Outcome.CONFLICT,
                  "idempotency key '"
                      + cmd.submission().idempotencyKey()
                      + "' was already used for a different submission (task "
                      + taskId
                      + ")"));
    }
    return Effect().reply(cmd.replyTo(), TaskReply.of(TaskReply.Outcome.EXISTING, state.view()));
  }

  private ReplyEffect<Event, State> onCancel(State state, Cancel cmd) {
    if (state.isFinished()) {
      return Effect()
          .reply(
              cmd.replyTo(),
              TaskReply.refused(
                  TaskReply.Outcome.CONFLICT,
                  "task " + taskId + " already ended as " + state.finalStatus));
    }
    state.steps.keySet().forEach(timers::cancel);
    return persistFor(
            cmd.replyTo(), List.of(new TaskCancelled(cmd.by(), cmd.reason(), clock.instant())))
        .thenRun(this::announceEnd)
        .thenReply(cmd.replyTo(), s -> TaskReply.of(TaskReply.Outcome.OK, s.view()));
  }

  private ReplyEffect<Event, State> onDecide(State state, Decide cmd) {
    Step step = state.plan().step(cmd.stepId()).orElse(null);
    if (step == null || step.kind() != StepKind.APPROVAL) {
      return Effect()
          .reply(
              cmd.replyTo(),
              TaskReply.refused(
                  TaskReply.Outcome.NOT_FOUND,
                  "task " + taskId + " has no approval step '" + cmd.stepId() + "'"));
    }
    StepStatus status = state.step(cmd.stepId()).status;
    if (state.isFinished() || status != StepStatus.AWAITING_APPROVAL) {
      return Effect()
          .reply(
              cmd.replyTo(),
              TaskReply.refused(
                  TaskReply.Outcome.CONFLICT,
                  "step '"
                      + cmd.stepId()
                      + "' is "
                      + status
                      + " and task "
                      + taskId
                      + " is "
                      + state.status()
                      + "; only a step awaiting approval takes a decision"));
    }
    List<Event> events = new ArrayList<>();
    Instant now = clock.instant();
    events.add(new ApprovalDecided(cmd.stepId(), cmd.approve(), cmd.by(), cmd.comment(), now));
    Map<String, StepStatus> statuses = state.statuses();
    statuses.put(cmd.stepId(), cmd.approve() ? StepStatus.SUCCEEDED : StepStatus.FAILED);
    Map<String, String> errors =
        cmd.approve()
            ? Map.of()
            : Map.of(cmd.stepId(), "approval '" + cmd.stepId() + "' rejected by " + cmd.by());
    advance(state.plan(), statuses, errors, events);
    return persistFor(cmd.replyTo(), rows(events))
        .thenRun(this::dispatchStarted)
        .thenReply(cmd.replyTo(), s -> TaskReply.of(TaskReply.Outcome.OK, s.view()));
  }

  private ReplyEffect<Event, State> onAgentAnswered(State state, AgentAnswered answered) {
    WorkOutcome outcome = answered.outcome();
    if (outcome.status() != WorkOutcome.Status.COMPLETED && !unwrittenSuccesses.isEmpty()) {
      return Effect().stash();
    }
    Attempt attempt = awaiting.remove(outcome.requestId());
    if (attempt == null) {
      // The attempt already timed out, or an earlier incarnation of this task sent it.
      return Effect().noReply();
    }
    timers.cancel(new AttemptTimedOut(outcome.requestId()));
    if (outcome.status() == WorkOutcome.Status.REJECTED && outcome.retryable()) {
      // The agent was full: backpressure from a healthy agent, which the retry's backoff heeds.
      // Opening the breaker would fail every call to the agent type for its reset timeout.
      attempt.breaker().release();
    } else if (outcome.status() == WorkOutcome.Status.COMPLETED || !outcome.retryable()) {
      // A non-retryable failure is the input's fault, not a sign of an unhealthy agent.
      attempt.breaker().onSuccess();
    } else {
      attempt.breaker().onFailure(outcome.error());
    }
    return onStepReplied(
        state, new StepReplied(attempt.stepId(), attempt.attempt(), outcome, null));
  }

  private ReplyEffect<Event, State> onAttemptTimedOut(State state, AttemptTimedOut timedOut) {
    Attempt attempt = awaiting.remove(timedOut.requestId());
    if (attempt == null) {
      return Effect().noReply();
    }
    attempt.breaker().onFailure("timeout");
    Step step = state.plan().step(attempt.stepId()).orElseThrow();
    return onStepReplied(
        state,
        new StepReplied(
            attempt.stepId(),
            attempt.attempt(),
            null,
            "no answer from agent '" + attempt.agent() + "' within " + step.timeoutMs() + " ms"));
  }

  private ReplyEffect<Event, State> onStepReplied(State state, StepReplied reply) {
    StepProgress progress = state.step(reply.stepId());
    if (state.isFinished()
        || progress == null
        || progress.status != StepStatus.RUNNING
        || progress.attempts != reply.attempt()
        || progress.retryAt != null
        || unwrittenSuccesses.containsKey(reply.stepId())) {
      return Effect().noReply();
    }
    Instant now = clock.instant();
    WorkOutcome outcome = reply.outcome();
    if (outcome != null && outcome.status() == WorkOutcome.Status.COMPLETED) {
      return writeSuccess(
          new StepSucceeded(reply.stepId(), reply.attempt(), outcome.output(), now));
    }
    String error = outcome != null ? outcome.error() : reply.failure();
    boolean retryable = outcome == null || outcome.retryable();
    Step step = state.plan().step(reply.stepId()).orElseThrow();
    if (retryable && reply.attempt() < step.maxAttempts()) {
      long delayMs = backoff.delay(reply.attempt()).toMillis();
      return Effect()
          .persist(new StepAttemptFailed(reply.stepId(), reply.attempt(), error, delayMs, now))
          .thenRun(
              s ->
                  timers.startSingleTimer(
                      reply.stepId(),
                      new RetryDue(reply.stepId(), reply.attempt() + 1),
                      Duration.ofMillis(delayMs)))
          .thenNoReply();
    }
    String finalError =
        retryable
            ? "failed after " + reply.attempt() + " attempt(s): " + error
            : "failed, not retryable: " + error;
    List<Event> events = new ArrayList<>();
    events.add(new StepAttemptFailed(reply.stepId(), reply.attempt(), error, -1, now));
    events.add(new StepFailed(reply.stepId(), finalError, now));
    Map<String, StepStatus> statuses = state.statuses();
    statuses.put(reply.stepId(), StepStatus.FAILED);
    advance(
        state.plan(),
        statuses,
        Map.of(reply.stepId(), "step '" + reply.stepId() + "' " + finalError),
        events);
    return Effect().persist(rows(events)).thenRun(this::dispatchStarted).thenNoReply();
  }

  /**
   * Queues a step's success for the next write. The WriteSuccesses that performs it goes to the
   * back of the mailbox, so the answers of parallel steps that arrive together (a fan-in, or the
   * ones stashed during a write in flight) are written together, and what depends on them starts
   * after one write instead of one per answer.
   */
  private ReplyEffect<Event, State> writeSuccess(StepSucceeded success) {
    if (unwrittenSuccesses.isEmpty()) {
      context.getSelf().tell(WriteSuccesses.INSTANCE);
    }
    unwrittenSuccesses.put(success.stepId(), success);
    return Effect().noReply();
  }

  /**
   * Writes the queued successes with what follows from them, and sends the steps they start at
   * once, while the write is in flight (ADR 0015): the successes are already durable in the agents'
   * journals, so a coordinator that dies before its write decides the same again on recovery and
   * sends the same request ids, which the agents deduplicate.
   */
  private ReplyEffect<Event, State> onWriteSuccesses(State state, WriteSuccesses write) {
    Map<String, StepSucceeded> writing = new LinkedHashMap<>(unwrittenSuccesses);
    unwrittenSuccesses.clear();
    List<Event> events = new ArrayList<>(writing.values());
    Map<String, StepStatus> statuses = state.statuses();
    writing.keySet().forEach(stepId -> statuses.put(stepId, StepStatus.SUCCEEDED));
    advance(state.plan(), statuses, Map.of(), events);
    for (Event event : events) {
      if (event instanceof StepStarted started) {
        Step step = state.plan().step(started.stepId()).orElseThrow();
        send(step, started.attempt(), started.requestId(), stepInput(state, step, writing));
      }
    }
    return Effect()
        .persist(rows(events))
        .thenRun(this::dispatchStarted)
        .thenNoReply()
        .thenUnstashAll();
  }

  private ReplyEffect<Event, State> onRetryDue(State state, RetryDue due) {
    StepProgress progress = state.step(due.stepId());
    if (state.isFinished()
        || progress == null
        || progress.retryAt == null
        || progress.attempts + 1 != due.attempt()) {
      return Effect().noReply();
    }
    return Effect()
        .persist(
            new StepStarted(
                due.stepId(),
                due.attempt(),
                requestId(due.stepId(), due.attempt()),
                clock.instant()))
        .thenRun(s -> send(s, due.stepId()))
        .thenNoReply();
  }

  /**
   * Appends the events that follow from {@code statuses}: steps to start, approvals to request,
   * skipped steps and the task's end. {@code errors} names the failures behind a failed task.
   */
  private void advance(
      Plan plan, Map<String, StepStatus> statuses, Map<String, String> errors, List<Event> events) {
    PlanProgress.Decision decision = PlanProgress.next(plan, statuses);
    Instant now = clock.instant();
    for (String stepId : decision.start()) {
      events.add(new StepStarted(stepId, 1, requestId(stepId, 1), now));
    }
    for (String stepId : decision.approvals()) {
      events.add(new ApprovalRequested(stepId, now));
    }
    if (!decision.skip().isEmpty()) {
      events.add(new StepsSkipped(decision.skip(), "a required step failed", now));
    }
    if (decision.finish() != null) {
      List<String> reasons = new ArrayList<>(errors.values());
      if (decision.finish() == TaskStatus.DEGRADED) {
        plan.steps().stream()
            .filter(s -> statuses.get(s.id()) == StepStatus.FAILED)
            .forEach(s -> reasons.add("optional step '" + s.id() + "' failed"));
      }
      events.add(new TaskFinished(decision.finish(), reasons, now));
    }
  }

  private String requestId(String stepId, int attempt) {
    return tenant + ":" + taskId + ":" + stepId + ":" + attempt;
  }

  /** After a persist: sends every step that is running and has no reply yet. */
  private void dispatchStarted(State state) {
    if (state.isFinished()) {
      announceEnd(state);
      return;
    }
    holdSlotWhile(state.status() != TaskStatus.AWAITING_APPROVAL);
    state.steps.forEach(
        (stepId, progress) -> {
          if (progress.status == StepStatus.RUNNING
              && progress.retryAt == null
              && !sent.contains(progress.requestId)) {
            send(state, stepId);
          }
        });
  }

  private void send(State state, String stepId) {
    Step step = state.plan().step(stepId).orElseThrow();
    StepProgress progress = state.step(stepId);
    send(step, progress.attempts, progress.requestId, stepInput(state, step, Map.of()));
  }

  private void send(Step step, int attempt, String requestId, JsonNode input) {
    sent.add(requestId);
    CircuitBreaker breaker = breakers.forAgent(step.agent());
    if (!breaker.tryAcquire()) {
      context
          .getSelf()
          .tell(
              new StepReplied(
                  step.id(),
                  attempt,
                  null,
                  "circuit breaker for agent '" + step.agent() + "' is open"));
      return;
    }
    AgentRequest request = new AgentRequest(requestId, tenant, taskId, step.id(), input);
    // A reply through the adapter and a timer instead of an ask: no future and no temporary
    // actor per attempt, and the answer is handled on the coordinator's own thread.
    awaiting.put(requestId, new Attempt(step.id(), attempt, step.agent(), breaker));
    timers.startSingleTimer(new AttemptTimedOut(requestId), Duration.ofMillis(step.timeoutMs()));
    gateway
        .entityFor(tenant, step.agent(), requestId)
        .tell(new AgentEntity.Perform(request, answers));
  }

  /**
   * The step's input: the task input and the outputs of the steps it depends on, from {@code
   * unwritten} where a dependency's success is not written yet.
   */
  private static JsonNode stepInput(State state, Step step, Map<String, StepSucceeded> unwritten) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set("input", state.submission.input());
    ObjectNode deps = input.putObject("deps");
    for (String dep : step.dependsOn()) {
      StepSucceeded unwrittenSuccess = unwritten.get(dep);
      AgentOutput output =
          unwrittenSuccess != null ? unwrittenSuccess.output() : state.step(dep).output;
      if (output != null) {
        deps.set(dep, output.data());
      }
    }
    return input;
  }

  private void announceEnd(State state) {
    holdSlotWhile(false);
    recovery.tell(new TaskRecovery.Ended(entityId));
    context
        .getSystem()
        .eventStream()
        .tell(
            new EventStream.Publish<>(
                new TaskEnded(tenant, taskId, state.status(), state.updatedAt)));
    scheduleIdlePassivation();
  }

  /**
   * Takes or gives back this task's running slot: a task holds one while it has work to do, and not
   * while it only waits for approvals or after it ended.
   */
  private void holdSlotWhile(boolean running) {
    if (running && !holdsSlot) {
      admission.hold();
    } else if (!running && holdsSlot) {
      admission.release();
    }
    holdsSlot = running;
  }

  /**
   * Ticks {@link Idle} every {@code passivate-after} until the entity passivates. A timer rather
   * than a receive timeout: a cancelled timer's message is never delivered, while a receive timeout
   * cancelled after it fired hands the actor a null message (a task entity stopped on a {@code
   * NullPointerException} under load when creating a task cancelled one).
   */
  private void scheduleIdlePassivation() {
    timers.startTimerWithFixedDelay(Idle.INSTANCE, passivateAfter);
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }

  @Override
  public SignalHandler<State> signalHandler() {
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
  private void onWriteRejected(State state, JournalPersistRejected rejected) {
    String reason = RejectedWrites.reason(rejected.getFailure());
    context.getLog().warn("task {}: the journal refused a write: {}", entityId, reason);
    rejectedWrites
        .takeWaiting()
        .ifPresent(
            client ->
                client.tell(
                    TaskReply.refused(
                        TaskReply.Outcome.UNWRITABLE,
                        "the task's events cannot be stored: " + reason)));
    abandonAwaitedAttempts();
    holdSlotWhile(false);
  }

  /**
   * What the coordinator holds goes back. Stopped by a failure (a journal write, its recovery)
   * rather than by its shard, the task is woken again after a backoff (ADR 0018).
   */
  private void onStopped(State state) {
    abandonAwaitedAttempts();
    holdSlotWhile(false);
    if (!stoppedByShard) {
      recovery.tell(new TaskRecovery.Failed(entityId));
    }
  }

  /**
   * The coordinator stops (a rebalance, a failure) with attempts unanswered: their breakers will
   * never hear how they went, and a half-open one would otherwise keep its trial slot for good.
   */
  private void abandonAwaitedAttempts() {
    awaiting.values().forEach(attempt -> attempt.breaker().release());
    awaiting.clear();
  }

  private void onRecovered(State state) {
    if (state.isFinished()) {
      recovery.tell(new TaskRecovery.Ended(entityId));
    }
    if (state.isEmpty() || state.isFinished()) {
      scheduleIdlePassivation();
      return;
    }
    recovery.tell(new TaskRecovery.Opened(entityId, state.createdAt));
    Instant now = clock.instant();
    state.steps.forEach(
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
