package ai.maily.mesh.edge.rest;

import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The analytics API under {@code /api/v1/analytics}: {@code POST /events} takes a batch of
 * engagement events, all or none, and answers once they are committed: 202 when it stored some, 200
 * when every one was stored before.
 */
public final class AnalyticsRoutes extends JsonRoutes {

  private final EngagementIngestion ingestion;

  public AnalyticsRoutes(EngagementIngestion ingestion, long maxBodyBytes) {
    super(maxBodyBytes);
    this.ingestion = ingestion;
  }

  /** The routes of a caller who is authenticated. */
  public Route routes(Principal caller) {
    return pathPrefix(
        "analytics",
        () -> path("events", () -> post(() -> jsonBody(body -> ingest(caller, body)))));
  }

  private Route ingest(Principal caller, JsonNode body) {
    caller.require(Role.EDITOR);
    List<Problem.Violation> violations = unknownFields(body, Set.of("events"));
    JsonNode events = body.get("events");
    if (events == null || !events.isArray()) {
      violations.add(new Problem.Violation("events", "must be an array of events"));
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "the request body is malformed", violations));
    }
    List<JsonNode> items = new ArrayList<>(events.size());
    events.forEach(items::add);
    return onSuccess(
        ingestion.ingest(caller.tenant(), items),
        result -> json(result.stored() > 0 ? StatusCodes.ACCEPTED : StatusCodes.OK, result));
  }
}
