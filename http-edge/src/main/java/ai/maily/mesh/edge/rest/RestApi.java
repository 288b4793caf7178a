package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.PlaybookRegistry;
import ai.maily.mesh.edge.AgentDirectory;
import ai.maily.mesh.edge.Json;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** The REST API under {@code /api/v1}: tasks, playbooks and agents. */
public final class RestApi extends AllDirectives {

  private static final Set<String> SUBMIT_FIELDS =
      Set.of("playbook", "plan", "input", "idempotencyKey");
  private static final int MAX_EVENTS_PAGE = 1000;
  private static final ContentType YAML =
      MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8).toContentType();
  private static final byte[] OPENAPI = readResource("api/openapi.yaml");

  private final TaskService tasks;
  private final AgentDirectory agents;
  private final PlaybookRegistry playbooks;
  private final Authenticator authenticator;
  private final long maxBodyBytes;

  public RestApi(
      TaskService tasks,
      AgentDirectory agents,
      PlaybookRegistry playbooks,
      Authenticator authenticator,
      long maxBodyBytes) {
    this.tasks = tasks;
    this.agents = agents;
    this.playbooks = playbooks;
    this.authenticator = authenticator;
    this.maxBodyBytes = maxBodyBytes;
  }

  public Route routes() {
    return handleExceptions(
        HttpProblems.exceptionHandler(),
        () ->
            handleRejections(
                HttpProblems.rejectionHandler(),
                () ->
                    pathPrefix(
                        "api",
                        () ->
                            pathPrefix(
                                "v1",
                                () ->
                                    concat(
                                        path(
                                            "openapi.yaml",
                                            () -> get(() -> complete(openApiDocument()))),
                                        authenticated(
                                            caller ->
                                                concat(
                                                    pathPrefix("tasks", () -> taskRoutes(caller)),
                                                    path(
                                                        "playbooks",
                                                        () -> get(() -> listPlaybooks(caller))),
                                                    pathPrefix(
                                                        "agents", () -> agentRoutes(caller)))))))));
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
    List<Problem.Violation> violations = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!SUBMIT_FIELDS.contains(field)) {
                violations.add(
                    new Problem.Violation(field, "unknown field; allowed: " + SUBMIT_FIELDS));
              }
            });
    JsonNode playbook = body.get("playbook");
    if (playbook != null && !playbook.isTextual()) {
      violations.add(new Problem.Violation("playbook", "must be a string"));
    }
    JsonNode key = body.get("idempotencyKey");
    if (key != null && !key.isTextual()) {
      violations.add(new Problem.Violation("idempotencyKey", "must be a string"));
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "the request body is malformed", violations));
    }
    TaskService.SubmitRequest request =
        new TaskService.SubmitRequest(
            playbook == null ? null : playbook.asText(),
            body.get("plan"),
            body.get("input"),
            key == null ? null : key.asText());
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
    TaskService.require(caller, Role.VIEWER);
    return ok(Map.of("playbooks", playbooks.all()));
  }

  private Route agentRoutes(Principal caller) {
    return concat(
        pathEndOrSingleSlash(() -> get(() -> ok(Map.of("agents", agents.list(caller))))),
        path(
            PathMatchers.segment(),
            type -> get(() -> onSuccess(agents.describe(caller, type), this::ok))));
  }

  // ---- request and response bodies ----

  /** Reads a JSON object body of at most the configured size. */
  private Route jsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(
        entity -> {
          if (!isJson(entity.getContentType())) {
            throw ProblemException.of(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "the body must be application/json, not " + entity.getContentType());
          }
          entity
              .getContentLengthOption()
              .ifPresent(
                  length -> {
                    if (length > maxBodyBytes) {
                      throw ProblemException.of(
                          ProblemType.PAYLOAD_TOO_LARGE,
                          "the request body of "
                              + length
                              + " bytes exceeds the limit of "
                              + maxBodyBytes
                              + " bytes");
                    }
                  });
          return withSizeLimit(
              maxBodyBytes,
              () -> entity(Unmarshaller.entityToString(), text -> inner.apply(parseObject(text))));
        });
  }

  /** Like {@link #jsonBody} but an empty body reads as {@code {}}. */
  private Route optionalJsonBody(Function<JsonNode, Route> inner) {
    return extractRequestEntity(
        entity ->
            entity.isKnownEmpty() ? inner.apply(Json.MAPPER.createObjectNode()) : jsonBody(inner));
  }

  private static boolean isJson(ContentType contentType) {
    var media = contentType.mediaType();
    return media.mainType().equals("application")
        && (media.subType().equals("json") || media.subType().endsWith("+json"));
  }

  private static JsonNode parseObject(String text) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw ProblemException.of(ProblemType.INVALID_REQUEST, "the body must be a JSON object");
    }
    return node;
  }

  private static String text(JsonNode body, String field, int maxLength) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual() || value.asText().length() > maxLength) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "'" + field + "' must be a string of at most " + maxLength + " characters",
              List.of(new Problem.Violation(field, "must be a string of at most " + maxLength))));
    }
    return value.asText();
  }

  private static long nonNegative(String name, Optional<String> value) {
    if (value.isEmpty()) {
      return 0;
    }
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ProblemException(
        new Problem(
            ProblemType.INVALID_REQUEST,
            "query parameter '" + name + "' must be a non-negative integer",
            List.of(new Problem.Violation(name, "must be a non-negative integer"))));
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

  private Route ok(Object body) {
    return json(StatusCodes.OK, body);
  }

  private Route json(StatusCode status, Object body) {
    return complete(
        HttpResponse.create()
            .withStatus(status)
            .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(body)));
  }
}
