package ai.maily.mesh.edge;

import ai.maily.mesh.canvas.Block;
import ai.maily.mesh.canvas.CampaignEmail;
import ai.maily.mesh.canvas.CanvasDocument;
import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.canvas.CanvasEntity.CanvasReply;
import ai.maily.mesh.canvas.CanvasOps;
import ai.maily.mesh.canvas.CanvasSettings;
import ai.maily.mesh.canvas.CanvasView;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.JsonLimits;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByTagQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The canvas operations REST and the live streams offer: checks the caller's role, reads ops at the
 * edge, asks the canvas's entity, and turns refusals into {@link ProblemException}s. A conflict is
 * the {@code conflict} problem with the members {@code version} (the canvas's) and {@code since}
 * (what each version after the client's changed; absent when the client must reload).
 */
public final class CanvasService {

  /** A task asked about one block of a canvas: one agent, or a playbook. */
  public record AskRequest(String agent, String playbook, String blockId, String idempotencyKey) {}

  /** One canvas of a tenant's list. */
  public record CanvasSummary(String canvasId, String title, Instant createdAt, String createdBy) {}

  /**
   * A page of a tenant's canvases, oldest first.
   *
   * @param next the position to list after for the next page; null on the last page
   */
  public record CanvasPage(List<CanvasSummary> canvases, Long next) {}

  private static final Pattern CANVAS_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final int MAX_CLIENT_OP_ID = 128;
  private static final int MAX_IDEMPOTENCY_KEY = 128;

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final TaskService tasks;
  private final AgentRegistry agents;
  private final PlaybookRegistry playbooks;
  private final CanvasSettings settings;
  private final JsonLimits json;
  private final Duration askTimeout;
  private final CurrentEventsByTagQuery tagged;

  public CanvasService(
      ActorSystem<?> system,
      TaskService tasks,
      AgentRegistry agents,
      PlaybookRegistry playbooks,
      Duration askTimeout) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.tasks = tasks;
    this.agents = agents;
    this.playbooks = playbooks;
    this.settings = CanvasSettings.fromConfig(system.settings().config());
    this.json = settings.json();
    this.askTimeout = askTimeout;
    this.tagged =
        PersistenceQuery.get(Adapter.toClassic(system))
            .getReadJournalFor(
                CurrentEventsByTagQuery.class,
                system.settings().config().getString("mesh.read-journal-plugin"));
  }

  /** Creates a canvas with a new id; the caller must be an editor. */
  public CompletionStage<CanvasView> create(Principal caller, String title) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          List<Violation> problems = CanvasDocument.titleProblems(title, settings);
          if (!problems.isEmpty()) {
            throw invalid(problems);
          }
          String canvasId = TaskIds.taskIdFor(caller.tenant(), null);
          return ask(caller, canvasId, r -> new CanvasEntity.Create(title, caller.subject(), r))
              .thenApply(CanvasService::view);
        });
  }

  /**
   * The caller's tenant's canvases created after position {@code after} (0: from the first), at
   * most a page of them. The list is read from the journal's tagged creations and wakes no canvas.
   */
  public CompletionStage<CanvasPage> list(Principal caller, long after) {
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          return tagged
              .currentEventsByTag(CanvasEntity.tenantTag(caller.tenant()), Offset.sequence(after))
              .take(settings.listPage())
              .runWith(Sink.seq(), system)
              .thenApply(this::page);
        });
  }

  private CanvasPage page(List<EventEnvelope> envelopes) {
    List<CanvasSummary> canvases = new ArrayList<>();
    for (EventEnvelope envelope : envelopes) {
      CanvasEntity.CanvasCreated created = (CanvasEntity.CanvasCreated) envelope.event();
      canvases.add(
          new CanvasSummary(created.canvasId(), created.title(), created.at(), created.by()));
    }
    Long next =
        envelopes.size() < settings.listPage()
            ? null
            : ((Sequence) envelopes.get(envelopes.size() - 1).offset()).value();
    return new CanvasPage(canvases, next);
  }

  public CompletionStage<CanvasView> get(Principal caller, String canvasId) {
    return guarded(
        () -> {
          caller.require(Role.VIEWER);
          return ask(caller, canvasId, CanvasEntity.Get::new).thenApply(CanvasService::view);
        });
  }

  /**
   * Applies the ops of the JSON array {@code ops}, made on {@code baseVersion}, as one change of
   * the caller, an editor.
   *
   * @param clientOpId the client's id of the request, or null; a retry with the same id answers the
   *     change the first made
   */
  public CompletionStage<CanvasEntity.Applied> apply(
      Principal caller, String canvasId, long baseVersion, JsonNode ops, String clientOpId) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          List<Violation> problems = new ArrayList<>();
          if (baseVersion < 0) {
            problems.add(new Violation("baseVersion", "must be a non-negative integer"));
          }
          if (clientOpId != null) {
            text("clientOpId", clientOpId, MAX_CLIENT_OP_ID, problems);
          }
          CanvasOps.Result read = CanvasOps.read(ops);
          problems.addAll(read.problems());
          if (!problems.isEmpty()) {
            throw invalid(problems);
          }
          return ask(
                  caller,
                  canvasId,
                  r ->
                      new CanvasEntity.Apply(
                          baseVersion, read.ops(), caller.subject(), clientOpId, r))
              .thenApply(reply -> applied(canvasId, baseVersion, reply));
        });
  }

  /**
   * Starts a task about one block of a canvas — one agent's, or a playbook's — on the campaign
   * email the canvas makes, and notes it on the canvas ({@link CanvasEntity.TaskAsked}); answers
   * the task's id. The task's input is {@code {email, canvas, focus}}: the email as the agents read
   * it ({@link CampaignEmail}; the canvas has no sender, so {@code from} is empty), the canvas's
   * id, title and version, and the focused block. The same idempotency key on the same canvas names
   * the same task, so a retried ask starts nothing twice.
   */
  public CompletionStage<String> ask(Principal caller, String canvasId, AskRequest request) {
    return guarded(
        () -> {
          caller.require(Role.EDITOR);
          checkAsk(request);
          return get(caller, canvasId)
              .thenCompose(canvas -> submit(caller, canvas, request))
              .thenCompose(
                  taskId ->
                      ask(
                              caller,
                              canvasId,
                              r ->
                                  new CanvasEntity.RecordAsk(
                                      taskId,
                                      request.blockId(),
                                      request.agent(),
                                      request.playbook(),
                                      caller.subject(),
                                      r))
                          .thenApply(
                              reply -> {
                                view(reply);
                                return taskId;
                              }));
        });
  }

  private void checkAsk(AskRequest request) {
    List<Violation> problems = new ArrayList<>();
    boolean hasAgent = request.agent() != null;
    if (hasAgent == (request.playbook() != null)) {
      problems.add(new Violation("agent", "give exactly one of 'agent' or 'playbook'"));
    } else if (hasAgent && !agents.contains(request.agent())) {
      problems.add(new Violation("agent", "unknown agent '" + request.agent() + "'"));
    } else if (!hasAgent && playbooks.find(request.playbook()).isEmpty()) {
      problems.add(new Violation("playbook", "unknown playbook '" + request.playbook() + "'"));
    }
    if (request.blockId() == null) {
      problems.add(new Violation("blockId", "is required"));
    }
    if (request.idempotencyKey() != null) {
      text("idempotencyKey", request.idempotencyKey(), MAX_IDEMPOTENCY_KEY, problems);
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
  }

  private CompletionStage<String> submit(Principal caller, CanvasView canvas, AskRequest request) {
    Block focus =
        canvas.blocks().stream()
            .filter(b -> b.id().equals(request.blockId()))
            .findFirst()
            .orElseThrow(
                () ->
                    invalid(
                        List.of(
                            new Violation(
                                "blockId", "no block '" + request.blockId() + "' in the canvas"))));
    ObjectNode input = Json.MAPPER.createObjectNode();
    ObjectNode email = input.putObject("email").put("from", "");
    email.setAll((ObjectNode) Json.tree(CampaignEmail.of(canvas.title(), canvas.blocks())));
    input
        .putObject("canvas")
        .put("canvasId", canvas.canvasId())
        .put("title", canvas.title())
        .put("version", canvas.version());
    input.set("focus", Json.tree(focus));
    JsonNode plan = null;
    if (request.agent() != null) {
      plan = Json.MAPPER.createObjectNode();
      ((ObjectNode) plan)
          .putArray("steps")
          .addObject()
          .put("id", request.agent())
          .put("agent", request.agent());
    }
    String key =
        request.idempotencyKey() == null
            ? null
            : "canvas:" + canvas.canvasId() + ":" + request.idempotencyKey();
    return tasks
        .submit(caller, new TaskService.SubmitRequest(request.playbook(), plan, input, key))
        .thenApply(submitted -> submitted.task().taskId());
  }

  private CompletionStage<CanvasReply> ask(
      Principal caller,
      String canvasId,
      Function<ActorRef<CanvasReply>, CanvasEntity.Command> command) {
    String entityId = TaskIds.entityId(caller.tenant(), checkedCanvasId(canvasId));
    return sharding.entityRefFor(CanvasEntity.ENTITY_KEY, entityId).ask(command::apply, askTimeout);
  }

  /** The canvas a carried-out command answers; the problem of a refused one. */
  private static CanvasView view(CanvasReply reply) {
    if (reply instanceof CanvasEntity.Done done) {
      return done.canvas();
    }
    throw refusal(reply);
  }

  private static CanvasEntity.Applied applied(
      String canvasId, long baseVersion, CanvasReply reply) {
    if (reply instanceof CanvasEntity.Applied applied) {
      return applied;
    }
    if (reply instanceof CanvasEntity.Conflict conflict) {
      throw conflict(canvasId, baseVersion, conflict);
    }
    throw refusal(reply);
  }

  private static ProblemException conflict(
      String canvasId, long baseVersion, CanvasEntity.Conflict conflict) {
    String detail =
        "canvas "
            + canvasId
            + " is at version "
            + conflict.version()
            + ", not "
            + baseVersion
            + (conflict.since() != null
                ? ": apply the changes in 'since', then send your ops again on version "
                    + conflict.version()
                : ", and no longer keeps every change since: reload it");
    Problem problem =
        Problem.of(ProblemType.CONFLICT, detail).withExtension("version", conflict.version());
    if (conflict.since() != null) {
      problem = problem.withExtension("since", conflict.since());
    }
    return new ProblemException(problem);
  }

  private static ProblemException refusal(CanvasReply reply) {
    CanvasEntity.Refused refused = (CanvasEntity.Refused) reply;
    return new ProblemException(
        new Problem(refused.rejection().type(), refused.rejection().detail(), refused.problems()));
  }

  /** Checks a short client text the canvas stores. */
  private void text(String field, String value, int maxLength, List<Violation> problems) {
    if (value.isEmpty() || value.length() > maxLength) {
      problems.add(new Violation(field, "must have 1 to " + maxLength + " characters"));
    } else {
      json.problemIn(value).ifPresent(p -> problems.add(new Violation(field, p)));
    }
  }

  private static ProblemException invalid(List<Violation> problems) {
    return new ProblemException(
        new Problem(
            ProblemType.INVALID_REQUEST, problems.size() + " problem(s) in the request", problems));
  }

  /** {@code canvasId} if it can name a canvas; a 404 problem otherwise, as task ids are. */
  private static String checkedCanvasId(String canvasId) {
    if (!CANVAS_ID.matcher(canvasId).matches()) {
      throw ProblemException.of(ProblemType.NOT_FOUND, "canvas " + canvasId + " does not exist");
    }
    return canvasId;
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
