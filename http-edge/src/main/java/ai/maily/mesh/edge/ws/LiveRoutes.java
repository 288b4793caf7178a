package ai.maily.mesh.edge.ws;

import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.canvas.live.Caller;
import ai.maily.mesh.canvas.live.Incoming;
import ai.maily.mesh.canvas.live.LiveSettings;
import ai.maily.mesh.canvas.live.LiveStreams;
import ai.maily.mesh.canvas.live.SessionCommands;
import ai.maily.mesh.canvas.live.Snapshot;
import ai.maily.mesh.canvas.live.StreamSession;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.CanvasService;
import ai.maily.mesh.edge.Failures;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The live streams' WebSockets, {@code /ws/tasks/{taskId}}, {@code /ws/canvas/{canvasId}} and
 * {@code /ws/analytics} (docs/api/live-streams.md): authenticates the upgrade, then runs a {@link
 * StreamSession}, or an {@link AnalyticsStream}'s flow, on the connection.
 */
public final class LiveRoutes extends AllDirectives {

  /** The subprotocol prefix a browser names its token with: {@code bearer.<jwt>}. */
  private static final String BEARER_PROTOCOL = "bearer.";

  private final LiveStreams live;
  private final ActorSystem<?> system;
  private final Materializer materializer;
  private final LiveSettings settings;
  private final Authenticator authenticator;
  private final TaskService tasks;
  private final CanvasService canvases;
  private final AnalyticsStream analytics;
  private final ClosingWebSockets sockets;

  public LiveRoutes(
      LiveStreams live,
      Authenticator authenticator,
      TaskService tasks,
      CanvasService canvases,
      AnalyticsStream analytics) {
    this.live = live;
    this.system = live.system();
    this.materializer = Materializer.matFromSystem(system);
    this.settings = live.settings();
    this.authenticator = authenticator;
    this.tasks = tasks;
    this.canvases = canvases;
    this.analytics = analytics;
    this.sockets = new ClosingWebSockets(system);
  }

  public Route routes() {
    return pathPrefix(
        "ws",
        () ->
            concat(
                path(
                    PathMatchers.segment("tasks").slash(PathMatchers.segment()),
                    taskId ->
                        socket(
                            caller ->
                                session(
                                    caller,
                                    TaskService.persistenceId(caller, taskId),
                                    new TaskCommands(caller, taskId)))),
                path(
                    PathMatchers.segment("canvas").slash(PathMatchers.segment()),
                    canvasId ->
                        socket(
                            caller ->
                                session(
                                    caller,
                                    CanvasEntity.persistenceId(caller.tenant(), canvasId),
                                    new CanvasCommands(caller, canvasId)))),
                path(
                    "analytics",
                    () ->
                        parameterList(
                            "campaignId",
                            campaignIds -> {
                              Optional<Set<String>> only = AnalyticsStream.narrowedTo(campaignIds);
                              return socket(caller -> analytics.flow(caller, only));
                            }))));
  }

  /** A {@link StreamSession} on the stream {@code pid}, carrying out {@code commands}. */
  private Flow<Incoming, Outgoing, NotUsed> session(
      Principal caller, String pid, SessionCommands commands) {
    return StreamSession.flow(
            live,
            new Caller(
                caller.subject(), caller.tenant(), caller.has(Role.EDITOR), caller.expiresAt()),
            pid,
            reportingProblems(commands))
        .map(LiveRoutes::outgoing);
  }

  /**
   * Upgrades an authenticated request to a connection served by the flow {@code handler} makes for
   * the caller. The token comes from the Authorization header, the {@code token} query parameter,
   * or a {@code bearer.<jwt>} subprotocol, which the answer then names.
   */
  private Route socket(Function<Principal, Flow<Incoming, Outgoing, NotUsed>> handler) {
    return extractWebSocketUpgrade(
        upgrade ->
            optionalHeaderValueByName(
                "Authorization",
                header ->
                    parameterOptional(
                        "token",
                        query -> {
                          Optional<String> protocol = bearerProtocol(upgrade);
                          Optional<String> token =
                              header
                                  .or(() -> query.map(t -> "Bearer " + t))
                                  .or(
                                      () ->
                                          protocol.map(
                                              p ->
                                                  "Bearer "
                                                      + p.substring(BEARER_PROTOCOL.length())));
                          return onSuccess(
                              authenticator.authenticate(token),
                              caller -> {
                                caller.require(Role.VIEWER);
                                return complete(
                                    sockets.accept(
                                        upgrade,
                                        protocol,
                                        Flow.<Message>create()
                                            .mapAsync(1, this::incoming)
                                            .via(handler.apply(caller))));
                              });
                        })));
  }

  /**
   * A client's message, read whole within the frame limit: a longer one, or a binary one, arrives
   * as such for the session to answer.
   */
  private CompletionStage<Incoming> incoming(Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), system);
      return CompletableFuture.completedFuture(Incoming.Binary.INSTANCE);
    }
    int max = settings.maxFrameBytes();
    return TextMessages.whole(message.asTextMessage(), max, materializer)
        .thenApply(
            text ->
                text.filter(t -> t.getBytes(StandardCharsets.UTF_8).length <= max)
                    .<Incoming>map(Incoming.Text::new)
                    .orElse(Incoming.TooBig.INSTANCE));
  }

  private static Outgoing outgoing(ai.maily.mesh.canvas.live.Outgoing outgoing) {
    return outgoing instanceof ai.maily.mesh.canvas.live.Outgoing.Close close
        ? new Outgoing.Close(close.code(), close.reason())
        : new Outgoing.Text(((ai.maily.mesh.canvas.live.Outgoing.Frame) outgoing).json());
  }

  /**
   * {@code commands} whose every failure is a problem, reported as REST reports it: a timeout is
   * {@code unavailable}, not {@code internal}.
   */
  private static SessionCommands reportingProblems(SessionCommands commands) {
    return new SessionCommands() {
      @Override
      public CompletionStage<Snapshot> snapshot() {
        return asProblems(commands.snapshot());
      }

      @Override
      public CompletionStage<JsonNode> apply(String type, JsonNode frame) {
        return asProblems(commands.apply(type, frame));
      }
    };
  }

  private static <T> CompletionStage<T> asProblems(CompletionStage<T> stage) {
    return stage
        .handle(
            (value, failure) ->
                failure == null
                    ? CompletableFuture.completedStage(value)
                    : CompletableFuture.<T>failedStage(
                        new ProblemException(Failures.toProblem(failure))))
        .thenCompose(result -> result);
  }

  private static Optional<String> bearerProtocol(WebSocketUpgrade upgrade) {
    for (String protocol : upgrade.getRequestedProtocols()) {
      if (protocol.startsWith(BEARER_PROTOCOL)) {
        return Optional.of(protocol);
      }
    }
    return Optional.empty();
  }

  /** A task socket: its snapshot is the task's view; a client may decide its approvals. */
  private final class TaskCommands implements SessionCommands {

    private final Principal caller;
    private final String taskId;

    TaskCommands(Principal caller, String taskId) {
      this.caller = caller;
      this.taskId = taskId;
    }

    @Override
    public CompletionStage<Snapshot> snapshot() {
      return tasks
          .current(caller, taskId)
          .thenApply(
              current ->
                  new Snapshot(
                      "task",
                      Json.tree(current.task()),
                      Map.of(TaskService.persistenceId(caller, taskId), current.position()),
                      List.of()));
    }

    @Override
    public CompletionStage<JsonNode> apply(String type, JsonNode frame) {
      if (!type.equals("approve")) {
        return invalid("a task's stream takes 'approve', not '" + type + "'");
      }
      return approve(tasks, caller, frame);
    }
  }

  /**
   * A canvas socket: its snapshot is the canvas with the tasks asked from it, whose streams the
   * session follows from their first event; a client edits, asks and approves.
   */
  private final class CanvasCommands implements SessionCommands {

    private final Principal caller;
    private final String canvasId;

    CanvasCommands(Principal caller, String canvasId) {
      this.caller = caller;
      this.canvasId = canvasId;
    }

    @Override
    public CompletionStage<Snapshot> snapshot() {
      return canvases
          .get(caller, canvasId)
          .thenApply(
              canvas ->
                  new Snapshot(
                      "canvas",
                      Json.tree(canvas),
                      Map.of(CanvasEntity.persistenceId(caller.tenant(), canvasId), canvas.seq()),
                      canvas.asks().stream()
                          .map(ask -> TaskService.persistenceId(caller, ask.taskId()))
                          .distinct()
                          .toList()));
    }

    @Override
    public CompletionStage<JsonNode> apply(String type, JsonNode frame) {
      return switch (type) {
        case "op" -> {
          if (!frame.path("baseVersion").canConvertToLong()) {
            yield invalid("'op' needs a 'baseVersion' and 'ops'");
          }
          yield canvases
              .apply(
                  caller,
                  canvasId,
                  frame.get("baseVersion").asLong(),
                  frame.path("ops"),
                  frame.get("id").asText())
              .thenApply(
                  applied -> Json.MAPPER.createObjectNode().put("version", applied.version()));
        }
        case "ask" ->
            canvases
                .ask(
                    caller,
                    canvasId,
                    new CanvasService.AskRequest(
                        textOrNull(frame, "agent"),
                        textOrNull(frame, "playbook"),
                        textOrNull(frame, "blockId"),
                        frame.get("id").asText()))
                .thenApply(taskId -> Json.MAPPER.createObjectNode().put("taskId", taskId));
        default -> approve(tasks, caller, frame);
      };
    }
  }

  private static String textOrNull(JsonNode frame, String field) {
    return frame.path(field).isTextual() ? frame.get(field).asText() : null;
  }

  /** Decides an approval step from an {@code approve} frame; answers the task's status. */
  public static CompletionStage<JsonNode> approve(
      TaskService tasks, Principal caller, JsonNode frame) {
    String decision = frame.path("decision").asText();
    if (!frame.path("taskId").isTextual()
        || !frame.path("stepId").isTextual()
        || !(decision.equals("approve") || decision.equals("reject"))) {
      return invalid("'approve' needs 'taskId', 'stepId' and 'decision' ('approve' or 'reject')");
    }
    return tasks
        .decide(
            caller,
            frame.get("taskId").asText(),
            frame.get("stepId").asText(),
            decision.equals("approve"),
            frame.path("comment").asText(""))
        .thenApply(
            view -> {
              ObjectNode ack = Json.MAPPER.createObjectNode();
              ack.put("taskId", view.taskId());
              ack.put("status", view.status().name());
              return ack;
            });
  }

  public static <T> CompletionStage<T> invalid(String detail) {
    return CompletableFuture.failedFuture(
        new ProblemException(new Problem(ProblemType.INVALID_REQUEST, detail, List.of())));
  }
}
