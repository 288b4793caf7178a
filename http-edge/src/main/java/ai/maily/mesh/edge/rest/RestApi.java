package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.cache.Cache;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.edge.AgentDirectory;
import ai.maily.mesh.edge.BodyLimit;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.edge.graphql.GraphqlRoutes;
import ai.maily.mesh.edge.ws.LiveRoutes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The REST API under {@code /api/v1}: tasks, playbooks, agents and their memory, canvases, trust,
 * analytics, the tenant's budget and the node's cache; beside it, under the same headers and error
 * handling, the trust pages, GraphQL, the live streams' WebSockets and the canvas web UI.
 */
public final class RestApi extends JsonRoutes {

  private static final int MAX_EVENTS_PAGE = 1000;
  private static final ContentType YAML =
      MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8).toContentType();
  private static final byte[] OPENAPI = readResource("api/openapi.yaml");
  private static final Connection CLOSE = Connection.create("close");
  // Sent by Pekko HTTP itself, past every directive, when a route has not answered in time.
  private static final HttpResponse TIMEOUT_RESPONSE =
      SecurityHeaders.apply(
          HttpProblems.response(
              Problem.of(
                  ProblemType.UNAVAILABLE,
                  "the server did not answer in time; retry with backoff")));

  private final TaskService tasks;
  private final AgentDirectory agents;
  private final MemoryRoutes memories;
  private final PlaybookRegistry playbooks;
  private final Authenticator authenticator;
  private final TrustRoutes trust;
  private final CanvasRoutes canvases;
  private final BodyLimit bodyLimit;
  private final LiveRoutes live;
  private final GraphqlRoutes graphql;
  private final AnalyticsRoutes analytics;
  private final Cache cache;
  private final WebUi webUi = new WebUi();

  public RestApi(
      TaskService tasks,
      AgentDirectory agents,
      MemoryRoutes memories,
      PlaybookRegistry playbooks,
      Authenticator authenticator,
      TrustRoutes trust,
      CanvasRoutes canvases,
      long maxBodyBytes,
      BodyLimit bodyLimit,
      GraphqlRoutes graphql,
      LiveRoutes live,
      AnalyticsRoutes analytics,
      Cache cache) {
    super(maxBodyBytes);
    this.tasks = tasks;
    this.agents = agents;
    this.memories = memories;
    this.playbooks = playbooks;
    this.authenticator = authenticator;
    this.trust = trust;
    this.canvases = canvases;
    this.bodyLimit = bodyLimit;
    this.live = live;
    this.graphql = graphql;
    this.analytics = analytics;
    this.cache = cache;
  }

  /**
   * Every route, behind what all of them share: the security headers, problems for every error, and
   * the body limit (whose timeout Pekko HTTP's request timeout, which starts only after the body,
   * does not cover).
   */
  public Route routes() {
    return SecurityHeaders.around(
        () ->
            withRequestTimeoutResponse(
                request -> TIMEOUT_RESPONSE,
                () ->
                    boundedBody(
                        () ->
                            handleExceptions(
                                HttpProblems.exceptionHandler(),
                                () ->
                                    handleRejections(
                                        HttpProblems.rejectionHandler(),
                                        () ->
                                            concat(
                                                pathPrefix(
                                                    "api", () -> pathPrefix("v1", this::apiRoutes)),
                                                pathPrefix("verify", trust::pageRoutes),
                                                graphql.routes(),
                                                live.routes(),
                                                webUi.routes()))))));
  }

  /**
   * Reads the request's body within the limit. A body that fails to arrive is reported as such
   * whatever the routes made of it: a route that cannot read its body rejects the request, and the
   * next route in line may answer something else (401 from the authenticated routes).
   */
  private Route boundedBody(Supplier<Route> inner) {
    return extractRequest(
        request -> {
          BodyLimit.Bounded bounded = bodyLimit.bound(request);
          return mapRequest(
              ignored -> bounded.request(),
              () ->
                  mapResponse(
                      response ->
                          bounded
                              .failure()
                              // The rest of the body is not read: the connection cannot carry
                              // another request, and closing it after the answer delivers it.
                              .map(problem -> HttpProblems.response(problem).addHeader(CLOSE))
                              .orElse(response),
                      inner));
        });
  }

  private Route apiRoutes() {
    return concat(
        path("openapi.yaml", () -> get(() -> complete(openApiDocument()))),
        trust.publicRoutes(),
        authenticated(
            caller ->
                concat(
                    pathPrefix("tasks", () -> taskRoutes(caller)),
                    path("playbooks", () -> get(() -> listPlaybooks(caller))),
                    pathPrefix("agents", () -> agentRoutes(caller)),
                    pathPrefix("canvases", () -> canvases.routes(caller)),
                    analytics.routes(caller),
                    path("cache", () -> get(() -> cacheStatus(caller))),
                    path("budget", () -> get(() -> onSuccess(tasks.budget(caller), this::ok))),
                    trust.callerRoutes(caller))));
  }

  /** The OpenAPI 3.1 description of this API, public like any API reference. */
  private static HttpResponse openApiDocument() {
    return HttpResponse.create().withEntity(YAML, OPENAPI);
  }

  private Route authenticated(Function<Principal, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization", header -> onSuccess(authenticator.authenticate(header), inner));
  }

  // ---- tasks ----

  private Route taskRoutes(Principal caller) {
    return concat(
        pathEndOrSingleSlash(() -> post(() -> jsonBody(body -> submit(caller, body)))),
        pathPrefix(PathMatchers.segment(), taskId -> taskRoute(caller, taskId)));
  }

  private Route taskRoute(Principal caller, String taskId) {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> onSuccess(tasks.get(caller, taskId), this::ok))),
        path("cancel", () -> post(() -> optionalJsonBody(body -> cancel(caller, taskId, body)))),
        path(
            PathMatchers.segment("approvals").slash(PathMatchers.segment()),
            stepId -> post(() -> jsonBody(body -> decide(caller, taskId, stepId, body)))),
        path(
            "events",
            () -> get(() -> parameterOptional("after", after -> events(caller, taskId, after)))));
  }

  private Route cancel(Principal caller, String taskId, JsonNode body) {
    return onSuccess(tasks.cancel(caller, taskId, text(body, "reason", 1000)), this::ok);
  }

  private Route events(Principal caller, String taskId, Optional<String> after) {
    return onSuccess(
        tasks.events(caller, taskId, nonNegative("after", after), MAX_EVENTS_PAGE),
        events -> eventsPage(taskId, events));
  }

  private Route submit(Principal caller, JsonNode body) {
    List<Problem.Violation> violations = unknownFields(body, TaskService.SubmitRequest.FIELDS);
    TaskService.SubmitRequest request = TaskService.SubmitRequest.fromJson(body, violations);
    malformedIf(violations);
    return onSuccess(
        tasks.submit(caller, request),
        submitted -> {
          Map<String, Object> reply = new LinkedHashMap<>();
          reply.put("taskId", submitted.task().taskId());
          reply.put("status", submitted.task().status());
          reply.put("created", submitted.created());
          return respondWithHeader(
              Location.create("/api/v1/tasks/" + submitted.task().taskId()),
              () -> json(submitted.created() ? StatusCodes.ACCEPTED : StatusCodes.OK, reply));
        });
  }

  private Route decide(Principal caller, String taskId, String stepId, JsonNode body) {
    String decision = text(body, "decision", 20);
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "a decision must be 'approve' or 'reject'",
              List.of(new Problem.Violation("decision", "must be 'approve' or 'reject'"))));
    }
    return onSuccess(
        tasks.decide(
            caller, taskId, stepId, decision.equals("approve"), text(body, "comment", 2000)),
        this::ok);
  }

  private Route eventsPage(String taskId, List<TaskService.TaskEvent> events) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("taskId", taskId);
    page.put("events", events);
    if (!events.isEmpty()) {
      page.put("next", events.get(events.size() - 1).seq());
    }
    return ok(page);
  }

  // ---- playbooks and agents ----

  private Route listPlaybooks(Principal caller) {
    caller.require(Role.VIEWER);
    return ok(Map.of("playbooks", playbooks.all()));
  }

  private Route agentRoutes(Principal caller) {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> ok(Map.of("agents", agents.list(caller))))),
        pathPrefix(
            PathMatchers.segment(),
            type ->
                concat(
                    pathEnd(() -> get(() -> onSuccess(agents.describe(caller, type), this::ok))),
                    pathPrefix("memory", () -> memories.routes(caller, type)))));
  }

  // ---- the node's cache ----

  /** The cache of the node that answers: its backend, breaker and counters. Role admin. */
  private Route cacheStatus(Principal caller) {
    caller.require(Role.ADMIN);
    return ok(cache.status());
  }

  private static byte[] readResource(String name) {
    try (InputStream in = RestApi.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
