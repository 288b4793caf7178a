package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.edge.CanvasService;
import ai.maily.mesh.edge.auth.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The canvases under {@code /api/v1/canvases}: create, list, read, apply ops (409 with what changed
 * since on a stale base version), and ask agents about a block.
 */
public final class CanvasRoutes extends JsonRoutes {

  private static final Set<String> CREATE_FIELDS = Set.of("title");
  private static final Set<String> OPS_FIELDS = Set.of("baseVersion", "ops", "clientOpId");
  private static final Set<String> ASK_FIELDS =
      Set.of("agent", "playbook", "blockId", "idempotencyKey");

  private final CanvasService canvases;

  public CanvasRoutes(CanvasService canvases, long maxBodyBytes) {
    super(maxBodyBytes);
    this.canvases = canvases;
  }

  /** The routes under {@code /canvases} for an authenticated caller. */
  public Route routes(Principal caller) {
    return concat(
        pathEndOrSingleSlash(
            () ->
                concat(
                    post(() -> jsonBody(body -> create(caller, body))),
                    get(() -> parameterOptional("after", after -> list(caller, after))))),
        pathPrefix(
            PathMatchers.segment(),
            canvasId ->
                concat(
                    pathEndOrSingleSlash(
                        () -> get(() -> onSuccess(canvases.get(caller, canvasId), this::ok))),
                    path("ops", () -> post(() -> jsonBody(body -> ops(caller, canvasId, body)))),
                    path(
                        "asks", () -> post(() -> jsonBody(body -> ask(caller, canvasId, body)))))));
  }

  private Route create(Principal caller, JsonNode body) {
    List<Violation> violations = unknownFields(body, CREATE_FIELDS);
    String title = string(body, "title", violations);
    malformedIf(violations);
    return onSuccess(
        canvases.create(caller, title),
        canvas ->
            respondWithHeader(
                Location.create("/api/v1/canvases/" + canvas.canvasId()),
                () -> json(StatusCodes.CREATED, canvas)));
  }

  private Route list(Principal caller, Optional<String> after) {
    return onSuccess(
        canvases.list(caller, nonNegative("after", after)),
        page -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("canvases", page.canvases());
          if (page.next() != null) {
            body.put("next", page.next());
          }
          return ok(body);
        });
  }

  private Route ops(Principal caller, String canvasId, JsonNode body) {
    List<Violation> violations = unknownFields(body, OPS_FIELDS);
    JsonNode base = body.get("baseVersion");
    if (base == null || !base.isIntegralNumber() || !base.canConvertToLong() || base.asLong() < 0) {
      violations.add(new Violation("baseVersion", "must be a non-negative integer"));
    }
    String clientOpId = string(body, "clientOpId", violations);
    malformedIf(violations);
    return onSuccess(
        canvases.apply(caller, canvasId, base.asLong(), body.get("ops"), clientOpId), this::ok);
  }

  private Route ask(Principal caller, String canvasId, JsonNode body) {
    List<Violation> violations = unknownFields(body, ASK_FIELDS);
    CanvasService.AskRequest request =
        new CanvasService.AskRequest(
            string(body, "agent", violations),
            string(body, "playbook", violations),
            string(body, "blockId", violations),
            string(body, "idempotencyKey", violations));
    malformedIf(violations);
    return onSuccess(
        canvases.ask(caller, canvasId, request),
        taskId -> json(StatusCodes.ACCEPTED, Map.of("taskId", taskId)));
  }
}
