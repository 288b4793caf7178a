package ai.maily.mesh.edge;

import ai.maily.mesh.canvas.live.LiveStreams;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.JsonLimits;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.budget.BudgetReader;
import ai.maily.mesh.core.budget.BudgetView;
import ai.maily.mesh.core.budget.TenantBudget;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.core.task.Plan;
import ai.maily.mesh.core.task.PlanProblem;
import ai.maily.mesh.core.task.PlanReader;
import ai.maily.mesh.core.task.PlanValidator;
import ai.maily.mesh.core.task.Playbook;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.core.task.TaskAdmission;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskCoordinator.Done;
import ai.maily.mesh.core.task.TaskCoordinator.Refused;
import ai.maily.mesh.core.task.TaskCoordinator.TaskReply;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.core.task.TaskLimits;
import ai.maily.mesh.core.task.TaskListing;
import ai.maily.mesh.core.task.TaskState;
import ai.maily.mesh.core.task.TaskSubmission;
import ai.maily.mesh.core.task.TaskView;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task operations both REST and gRPC offer: checks the caller's role, validates at the edge,
 * asks the task's coordinator, and turns refusals into {@link ProblemException}s. Task views carry
 * the task's budget, and the tenant's budget is read here too.
 */
public final class TaskService {

  /** A submission as a client sends it: a playbook name or a plan (JSON), and the input. */
  public record SubmitRequest(
      String playbook, JsonNode plan, JsonNode input, String idempotencyKey) {

    /** The fields of a submission's JSON, as REST and AMQP carry it. */
    public static final Set<String> FIELDS = Set.of("playbook", "plan", "input", "idempotencyKey");

    /**
     * Reads the submission in {@code body}'s {@link #FIELDS}, adding a violation to {@code
     * violations} for each that has the wrong JSON type; the service validates the rest.
     */
    public static SubmitRequest fromJson(JsonNode body, List<Problem.Violation> violations) {
      JsonNode playbook = body.get("playbook");
      if (playbook != null && !playbook.isTextual()) {
        violations.add(new Problem.Violation("playbook", "must be a string"));
      }
      JsonNode key = body.get("idempotencyKey");
      if (key != null && !key.isTextual()) {
        violations.add(new Problem.Violation("idempotencyKey", "must be a string"));
      }
      return new SubmitRequest(
          playbook == null ? null : playbook.asText(),
          body.get("plan"),
          body.get("input"),
          key == null ? null : key.asText());
    }
  }

  /**
   * One persisted task event, as clients read it; {@code seq} is its position among the task's
   * events, from 1.
   */
  public record TaskEvent(long seq, String type, Instant at, JsonNode data) {}

  /** A task as its first {@code position} events tell it: a stream of its events resumes there. */
  public record Current(TaskView task, long position) {}

  /** The result of a submission: the task, and whether this call created it. */
  public record Submitted(TaskView task, boolean created) {}

  /**
   * A page of a tenant's tasks, newest id first ({@link TaskListing}).
   *
   * @param next the id to list after for the next page; empty on the last page
   */
  public record TaskPage(List<TaskView> tasks, Optional<String> next) {}

  /** The most tasks one page lists: each is read from the journal. */
  public static final int MAX_TASKS_PAGE = 50;

  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final int MAX_IDEMPOTENCY_KEY = 255;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final TaskAdmission admission;
  private final PlaybookRegistry playbooks;
  private final TaskLimits limits;
  private final JsonLimits json;
  private final PlanReader planReader;
  private final PlanValidator planValidator;
  private final Duration askTimeout;
  private final CurrentEventsByPersistenceIdQuery currentEvents;
  private final LiveStreams live;
  private final TaskListing listing;
  private final BudgetReader budgets;
  private final Executor blocking;

  /**
   * @param budgets the tenants' budget ledgers, which give each task view its {@code budget}
   */
  public TaskService(
      ActorSystem<?> system,
      AgentRegistry agents,
      PlaybookRegistry playbooks,
      TaskLimits limits,
      Duration askTimeout,
      TaskListing listing,
      LiveStreams live,
      BudgetReader budgets) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.admission = TaskAdmission.get(system);
    this.playbooks = playbooks;
    this.limits = limits;
    this.json = JsonLimits.fromConfig(system.settings().config());
    this.planReader = new PlanReader(limits);
    this.planValidator = new PlanValidator(agents::contains, limits);
    this.askTimeout = askTimeout;
    String plugin = system.settings().config().getString("mesh.read-journal-plugin");
    PersistenceQuery query = PersistenceQuery.get(Adapter.toClassic(system));
    this.currentEvents = query.getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, plugin);
    this.live = live;
    this.listing = listing;
    this.budgets = budgets;
    this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
  }

  /**
   * Starts a task, or returns the one the idempotency key names. A full node (ADR 0016) refuses at
   * once, without waking the task's entity; its coordinator decides when the node fills between
   * this check and its own.
   */
  public CompletionStage<Submitted> submit(Principal caller, SubmitRequest request) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          TaskSubmission submission = toSubmission(caller, request);
          String taskId = TaskIds.taskIdFor(caller.tenant(), submission.idempotencyKey());
          EntityRef<TaskCoordinator.Command> coordinator = coordinator(caller, taskId);
          if (!admission.tryStartSubmission()) {
            throw overloaded(admission.refusal());
          }
          return coordinator
              .<TaskReply>ask(
                  replyTo -> new TaskCoordinator.Submit(submission, replyTo), askTimeout)
              .whenComplete((reply, failure) -> admission.endSubmission())
              .thenApply(
                  reply ->
                      new Submitted(accepted(reply), reply instanceof Done done && done.created()));
        });
  }

  /**
   * The task as its events tell it, read from the journal: a read never wakes the task's entity,
   * and sees everything the entity has acknowledged.
   */
  public CompletionStage<TaskView> get(Principal caller, String taskId) {
    return history(caller, taskId).thenCompose(history -> withBudget(history.view()));
  }

  /** The task as its events tell it, and how many events that is. */
  public CompletionStage<Current> current(Principal caller, String taskId) {
    return history(caller, taskId)
        .thenCompose(
            history ->
                withBudget(history.view())
                    .thenApply(view -> new Current(view, history.events().size())));
  }

  /**
   * The budget of the caller's tenant in its current period: limits, use, open reservations (ADR
   * 0029). Role viewer.
   */
  public CompletionStage<TenantBudget> budget(Principal caller) {
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          return budgets.view(caller.tenant(), List.of()).thenApply(BudgetView::tenant);
        });
  }

  /** The persistence id of the caller's task: the stream of its events. */
  public static String persistenceId(Principal caller, String taskId) {
    return PersistenceId.of(
            TaskCoordinator.ENTITY_KEY.name(),
            TaskIds.entityId(caller.tenant(), checkedTaskId(taskId)))
        .id();
  }

  /**
   * Up to {@code limit} (1 to {@link #MAX_TASKS_PAGE}) of the caller's tasks, newest id first,
   * after the task {@code after} of an earlier page or from the newest. Each is read as {@link
   * #get} reads it, all at once.
   */
  public CompletionStage<TaskPage> list(Principal caller, Optional<String> after, int limit) {
    if (limit < 1 || limit > MAX_TASKS_PAGE) {
      throw new IllegalArgumentException("a page lists 1 to " + MAX_TASKS_PAGE + " tasks");
    }
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          after.ifPresent(TaskService::requireCursor);
          return CompletableFuture.supplyAsync(
                  () -> listing.page(caller.tenant(), after, limit + 1), blocking)
              .thenCompose(ids -> page(caller, ids, limit));
        });
  }

  /** The first {@code limit} of {@code ids} read, and the cursor after them if there are more. */
  private CompletionStage<TaskPage> page(Principal caller, List<String> ids, int limit) {
    List<String> shown = ids.subList(0, Math.min(limit, ids.size()));
    List<CompletableFuture<TaskView>> views =
        shown.stream()
            .map(id -> history(caller, id).thenApply(TaskHistory::view).toCompletableFuture())
            .toList();
    Optional<String> next =
        ids.size() > limit ? Optional.of(shown.get(shown.size() - 1)) : Optional.empty();
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenCompose(
            done ->
                withBudgets(caller.tenant(), views.stream().map(CompletableFuture::join).toList()))
        .thenApply(tasks -> new TaskPage(tasks, next));
  }

  /** {@code view} with its budget; see {@link #withBudgets}. */
  private CompletionStage<TaskView> withBudget(TaskView view) {
    return withBudgets(view.tenant(), List.of(view)).thenApply(views -> views.get(0));
  }

  /**
   * {@code views} with each task's budget, asked of the tenant's ledger at once. A ledger that does
   * not answer leaves them without: a task is read from the journal, and stays readable while its
   * ledger is out of reach.
   */
  private CompletionStage<List<TaskView>> withBudgets(String tenant, List<TaskView> views) {
    if (views.isEmpty()) {
      return CompletableFuture.completedFuture(views);
    }
    return budgets
        .view(tenant, views.stream().map(TaskView::taskId).toList())
        .handle(
            (budget, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "tenant {}'s budget ledger did not answer: {}", tenant, failure.toString());
                return views;
              }
              return views.stream()
                  .map(view -> view.withBudget(budget.tasks().get(view.taskId())))
                  .toList();
            });
  }

  /** A cursor names a task: an id as {@link #checkedTaskId} takes it. */
  private static void requireCursor(String after) {
    if (!TASK_ID.matcher(after).matches()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "'" + after + "' is not a task id to list after",
              List.of(new Problem.Violation("after", "must be a task id from an earlier page"))));
    }
  }

  /**
   * Asks the task's coordinator once the caller holds {@code role}; {@code command} builds the
   * command after that check, and may refuse it with a problem first.
   */
  private CompletionStage<TaskView> ask(
      Principal caller,
      Role role,
      String taskId,
      Supplier<Function<ActorRef<TaskReply>, TaskCoordinator.Command>> command) {
    return guarded(
        () -> {
          caller.require(role);
          Function<ActorRef<TaskReply>, TaskCoordinator.Command> checked = command.get();
          return coordinator(caller, taskId)
              .ask(checked::apply, askTimeout)
              .thenApply(this::accepted)
              .thenCompose(this::withBudget);
        });
  }

  public CompletionStage<TaskView> cancel(Principal caller, String taskId, String reason) {
    return ask(
        caller,
        Role.EDITOR,
        taskId,
        () -> {
          String checked = storable("reason", reason);
          return replyTo -> new TaskCoordinator.Cancel(caller.subject(), checked, replyTo);
        });
  }

  public CompletionStage<TaskView> decide(
      Principal caller, String taskId, String stepId, boolean approve, String comment) {
    return ask(
        caller,
        Role.EDITOR,
        taskId,
        () -> {
          String checked = storable("comment", comment);
          return replyTo ->
              new TaskCoordinator.Decide(stepId, approve, caller.subject(), checked, replyTo);
        });
  }

  /** Up to {@code limit} events after position {@code after}. */
  public CompletionStage<List<TaskEvent>> events(
      Principal caller, String taskId, long after, int limit) {
    requirePosition(after);
    return history(caller, taskId)
        .thenApply(history -> history.after(after).stream().limit(limit).toList());
  }

  /**
   * The task's events after position {@code after}, then live ones as they happen (ADR 0024); the
   * stream ends with the event that ends the task.
   */
  public CompletionStage<Source<TaskEvent, NotUsed>> follow(
      Principal caller, String taskId, long after) {
    requirePosition(after);
    return history(caller, taskId)
        .thenApply(
            history ->
                history.view().status().isTerminal()
                    ? Source.from(history.after(after))
                    : live.follow(persistenceId(caller, taskId), after)
                        .map(
                            e ->
                                new TaskEvent(
                                    e.seq(), e.event().type(), e.event().at(), e.event().data())));
  }

  /** A position in a task's events: 0 is before the first, so none is negative. */
  private static void requirePosition(long after) {
    if (after < 0) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "a position in a task's events must not be negative; it was " + after,
              List.of(new Problem.Violation("after", "must be a non-negative integer"))));
    }
  }

  /** An event with the time of the journal row that holds it. */
  private record Written(TaskCoordinator.Event event, long timestamp) {}

  /**
   * Every event of a task that exists, in order, the sequence number of the last journal row they
   * came from, and the view they fold into. An event's position in the list (from 1) is its {@code
   * seq} in the API: a journal row can hold several events (ADR 0019).
   */
  private record TaskHistory(List<Written> events, long lastSequenceNr, TaskView view) {

    List<TaskEvent> after(long position) {
      List<TaskEvent> after = new ArrayList<>();
      for (int i = (int) Math.max(0, Math.min(position, events.size())); i < events.size(); i++) {
        after.add(toTaskEvent(i + 1, events.get(i)));
      }
      return after;
    }
  }

  /** The caller's task read from the journal in one query; a 404 problem when it has no events. */
  private CompletionStage<TaskHistory> history(Principal caller, String taskId) {
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          String pid = persistenceId(caller, checkedTaskId(taskId));
          return currentEvents
              .currentEventsByPersistenceId(pid, 0, Long.MAX_VALUE)
              .runWith(Sink.seq(), system)
              .thenApply(
                  envelopes -> {
                    List<Written> events =
                        envelopes.stream().flatMap(e -> unpacked(e).stream()).toList();
                    long last =
                        envelopes.isEmpty() ? 0 : envelopes.get(envelopes.size() - 1).sequenceNr();
                    return TaskState.viewOf(events.stream().map(Written::event).toList())
                        .map(view -> new TaskHistory(events, last, view))
                        .orElseThrow(() -> notFound(taskId));
                  });
        });
  }

  private static List<Written> unpacked(EventEnvelope envelope) {
    return TaskCoordinator.unpacked((TaskCoordinator.Event) envelope.event()).stream()
        .map(event -> new Written(event, envelope.timestamp()))
        .toList();
  }

  private static TaskEvent toTaskEvent(long position, Written written) {
    return new TaskEvent(
        position,
        written.event().getClass().getSimpleName(),
        Instant.ofEpochMilli(written.timestamp()),
        Json.tree(written.event()));
  }

  private TaskSubmission toSubmission(Principal caller, SubmitRequest request) {
    List<Problem.Violation> violations = new ArrayList<>();
    boolean hasPlaybook = request.playbook() != null;
    boolean hasPlan = request.plan() != null && !request.plan().isNull();
    if (hasPlaybook == hasPlan) {
      violations.add(new Problem.Violation("playbook", "give exactly one of 'playbook' or 'plan'"));
    }
    if (request.input() == null || !request.input().isObject()) {
      violations.add(new Problem.Violation("input", "must be a JSON object"));
    } else if (!unstorable("input", json.problemIn(request.input()), violations)) {
      int size = request.input().toString().getBytes(StandardCharsets.UTF_8).length;
      if (size > limits.maxInputBytes()) {
        violations.add(
            new Problem.Violation(
                "input", "is " + size + " bytes; at most " + limits.maxInputBytes() + " allowed"));
      }
    }
    String key = request.idempotencyKey() == null ? "" : request.idempotencyKey();
    if (key.length() > MAX_IDEMPOTENCY_KEY) {
      violations.add(
          new Problem.Violation(
              "idempotencyKey", "must be at most " + MAX_IDEMPOTENCY_KEY + " characters"));
    } else {
      unstorable("idempotencyKey", json.problemIn(key), violations);
    }
    Plan plan = null;
    String playbookName = "";
    if (hasPlaybook && !hasPlan) {
      Playbook playbook = playbooks.find(request.playbook()).orElse(null);
      if (playbook == null) {
        violations.add(
            new Problem.Violation("playbook", "unknown playbook '" + request.playbook() + "'"));
      } else {
        plan = playbook.plan();
        playbookName = playbook.name();
      }
    } else if (hasPlan && !hasPlaybook) {
      PlanReader.Result read = planReader.read(request.plan(), "plan");
      List<PlanProblem> problems =
          read.problems().isEmpty() ? planValidator.validate(read.plan()) : read.problems();
      for (PlanProblem problem : problems) {
        String field =
            problem.field().startsWith("plan") ? problem.field() : "plan." + problem.field();
        violations.add(new Problem.Violation(field, problem.message()));
      }
      plan = read.plan();
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_PLAN,
              violations.size() + " problem(s) in the submission",
              violations));
    }
    return TaskSubmission.of(playbookName, plan, request.input(), key, caller.subject());
  }

  /** The task a carried-out command answers; the problem of a refused one. */
  private TaskView accepted(TaskReply reply) {
    if (reply instanceof Done done) {
      return done.task();
    }
    Refused refused = (Refused) reply;
    Rejection rejection = refused.rejection();
    if (rejection.type() == ProblemType.OVERLOADED) {
      throw overloaded(rejection.detail());
    }
    throw new ProblemException(
        new Problem(
            rejection.type(),
            rejection.detail(),
            refused.problems().stream()
                .map(p -> new Problem.Violation(p.field(), p.message()))
                .toList()));
  }

  /**
   * Adds {@code problem} of {@code field}, a value the journal could not store, to {@code
   * violations}, and logs it in a line: such a request used to fail deep in the journal's
   * serializer. True when there was a problem.
   */
  private static boolean unstorable(
      String field, Optional<String> problem, List<Problem.Violation> violations) {
    problem.ifPresent(
        p -> {
          LOG.warn("refused a request whose {} cannot be stored: {}", field, p);
          violations.add(new Problem.Violation(field, p));
        });
    return problem.isPresent();
  }

  /**
   * {@code text} if the journal can store it; an invalid-request problem naming field otherwise.
   */
  private String storable(String field, String text) {
    List<Problem.Violation> violations = new ArrayList<>();
    if (unstorable(field, json.problemIn(text), violations)) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "'" + field + "' cannot be stored", violations));
    }
    return text;
  }

  private EntityRef<TaskCoordinator.Command> coordinator(Principal caller, String taskId) {
    return sharding.entityRefFor(
        TaskCoordinator.ENTITY_KEY, TaskIds.entityId(caller.tenant(), checkedTaskId(taskId)));
  }

  /** {@code taskId} if it can name a task; a 404 problem otherwise. */
  private static String checkedTaskId(String taskId) {
    if (!TASK_ID.matcher(taskId).matches()) {
      throw notFound(taskId);
    }
    return taskId;
  }

  private ProblemException overloaded(String detail) {
    return new ProblemException(
        Problem.retryAfter(ProblemType.OVERLOADED, detail, admission.retryAfter()));
  }

  private static ProblemException notFound(String taskId) {
    return ProblemException.of(ProblemType.NOT_FOUND, "task " + taskId + " does not exist");
  }

  /** Runs {@code call}, turning a problem it throws into a failed stage. */
  private static <T> CompletionStage<T> guarded(Supplier<CompletionStage<T>> call) {
    try {
      return call.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
