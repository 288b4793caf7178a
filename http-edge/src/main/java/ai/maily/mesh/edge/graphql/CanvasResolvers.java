package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.canvas.live.LiveStreams;
import ai.maily.mesh.canvas.live.StreamEvent;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.CanvasService;
import ai.maily.mesh.edge.CanvasService.AskRequest;
import ai.maily.mesh.edge.auth.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The canvas fields of the schema, each one call of {@link CanvasService} (roles, validation of ops
 * and refusals are the service's, as they are for REST and the canvas WebSocket); {@code
 * canvasEvents} follows the canvas's stream through the node's {@link LiveStreams}, as the canvas
 * WebSocket does.
 */
final class CanvasResolvers {

  /** The most canvases a page lists: a full page with every field fits the default budget. */
  static final int MAX_CANVASES_PAGE = 100;

  private final CanvasService canvases;
  private final LiveStreams live;
  private final Materializer materializer;

  CanvasResolvers(CanvasService canvases, LiveStreams live, Materializer materializer) {
    this.canvases = canvases;
    this.live = live;
    this.materializer = materializer;
  }

  /** Adds the canvas fields of {@code Query}, {@code Mutation} and {@code Subscription}. */
  void wire(RuntimeWiring.Builder wiring) {
    wiring
        .type(
            "Query",
            type -> type.dataFetcher("canvases", this::list).dataFetcher("canvas", this::canvas))
        .type(
            "Mutation",
            type ->
                type.dataFetcher("createCanvas", this::create)
                    .dataFetcher("applyOps", this::apply)
                    .dataFetcher("askAgent", this::ask))
        .type("Subscription", type -> type.dataFetcher("canvasEvents", this::events))
        .type(
            "CanvasEvent",
            type ->
                type.dataFetcher("type", env -> event(env).type())
                    .dataFetcher("at", env -> event(env).at())
                    .dataFetcher("data", env -> event(env).data()));
  }

  private Object list(DataFetchingEnvironment env) {
    int first = env.getArgument("first");
    if (first < 1 || first > MAX_CANVASES_PAGE) {
      throw invalid(
          "first",
          "a page lists 1 to " + MAX_CANVASES_PAGE + " canvases; " + first + " asked",
          "must be between 1 and " + MAX_CANVASES_PAGE);
    }
    return canvases
        .list(TaskResolvers.caller(env), position(env.getArgument("after")), first)
        .toCompletableFuture();
  }

  /** The position a page's {@code next} gave; 0, the start, without one. */
  private static long position(String after) {
    if (after == null) {
      return 0;
    }
    long position;
    try {
      position = Long.parseLong(after);
    } catch (NumberFormatException e) {
      position = -1;
    }
    if (position < 0) {
      throw invalid(
          "after",
          "'" + after + "' is no page's next",
          "must be the next of a page: a non-negative integer");
    }
    return position;
  }

  private Object canvas(DataFetchingEnvironment env) {
    return canvases.get(TaskResolvers.caller(env), env.getArgument("id")).toCompletableFuture();
  }

  private Object create(DataFetchingEnvironment env) {
    return canvases
        .create(TaskResolvers.caller(env), env.getArgument("title"))
        .toCompletableFuture();
  }

  private Object apply(DataFetchingEnvironment env) {
    long baseVersion = env.getArgument("baseVersion");
    JsonNode ops = env.getArgument("ops");
    return canvases
        .apply(
            TaskResolvers.caller(env),
            env.getArgument("canvasId"),
            baseVersion,
            ops,
            env.getArgument("clientOpId"))
        .toCompletableFuture();
  }

  private Object ask(DataFetchingEnvironment env) {
    AskRequest request =
        new AskRequest(
            env.getArgument("agent"),
            env.getArgument("playbook"),
            env.getArgument("blockId"),
            env.getArgument("idempotencyKey"));
    return canvases
        .ask(TaskResolvers.caller(env), env.getArgument("canvasId"), request)
        .toCompletableFuture();
  }

  /**
   * The canvas's events after {@code after} as a Reactive Streams publisher, once the caller's
   * tenant is known to have the canvas. The feed reads the journal at the pace the protocol takes
   * its events, and stops when the protocol cancels.
   */
  private Object events(DataFetchingEnvironment env) {
    long after = env.getArgument("after");
    if (after < 0) {
      throw invalid(
          "after",
          "a position in a canvas's events must not be negative; it was " + after,
          "must be a non-negative integer");
    }
    Principal caller = TaskResolvers.caller(env);
    return canvases
        .get(caller, env.getArgument("canvasId"))
        .thenApply(
            canvas ->
                LiveEvents.of(
                        live.follow(
                            CanvasEntity.persistenceId(caller.tenant(), canvas.canvasId()), after),
                        StreamEvent::seq,
                        after,
                        env.getExecutionStepInfo().getPath())
                    .runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), materializer))
        .toCompletableFuture();
  }

  /** The event a {@code CanvasEvent} shows; its {@code pid} and {@code seq} are the source's. */
  private static LiveEvent event(DataFetchingEnvironment env) {
    return env.<StreamEvent>getSource().event();
  }

  private static ProblemException invalid(String field, String detail, String message) {
    return new ProblemException(
        new Problem(
            ProblemType.INVALID_REQUEST, detail, List.of(new Problem.Violation(field, message))));
  }
}
