package ai.maily.mesh.edge.rest;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.analytics.readmodel.AnalyticsQueries;
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
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The analytics API under {@code /api/v1/analytics}: {@code POST /events} takes a batch of
 * engagement events, all or none, and answers once they are committed: 202 when it stored some, 200
 * when every one was stored before. The reads come from the read models (ADR 0035): {@code GET
 * /campaigns/{id}}, {@code GET /contacts/{id}/prediction} and {@code POST /forecast}.
 */
public final class AnalyticsRoutes extends JsonRoutes {

  private static final int MAX_ID_LENGTH = 128;

  private final EngagementIngestion ingestion;
  private final AnalyticsQueries queries;

  public AnalyticsRoutes(
      EngagementIngestion ingestion, AnalyticsQueries queries, long maxBodyBytes) {
    super(maxBodyBytes);
    this.ingestion = ingestion;
    this.queries = queries;
  }

  /** The routes of a caller who is authenticated. */
  public Route routes(Principal caller) {
    return pathPrefix(
        "analytics",
        () ->
            concat(
                path("events", () -> post(() -> jsonBody(body -> ingest(caller, body)))),
                path(
                    segment("campaigns").slash(PathMatchers.segment()),
                    campaignId -> get(() -> campaign(caller, campaignId))),
                path(
                    segment("contacts").slash(PathMatchers.segment()).slash("prediction"),
                    contactId -> get(() -> prediction(caller, contactId))),
                path("forecast", () -> post(() -> jsonBody(body -> forecast(caller, body))))));
  }

  private Route campaign(Principal caller, String campaignId) {
    caller.require(Role.VIEWER);
    requireId("campaignId", campaignId);
    return onSuccess(
        queries.campaign(caller.tenant(), campaignId),
        found ->
            ok(
                CampaignView.of(
                    found.orElseThrow(
                        () ->
                            ProblemException.of(
                                ProblemType.NOT_FOUND,
                                "campaign " + campaignId + " has no engagement")))));
  }

  private Route prediction(Principal caller, String contactId) {
    caller.require(Role.VIEWER);
    requireId("contactId", contactId);
    return onSuccess(
        queries.contact(caller.tenant(), contactId),
        found ->
            ok(
                found.orElseThrow(
                    () ->
                        ProblemException.of(
                            ProblemType.NOT_FOUND,
                            "nothing was sent to contact " + contactId + " yet"))));
  }

  private Route forecast(Principal caller, JsonNode body) {
    caller.require(Role.VIEWER);
    List<Problem.Violation> violations = unknownFields(body, Set.of("audience"));
    JsonNode audience = body.get("audience");
    if (audience == null || !audience.canConvertToLong() || audience.asLong() < 1) {
      violations.add(
          new Problem.Violation("audience", "must be a positive integer: the deliveries planned"));
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "the forecast request is invalid", violations));
    }
    return onSuccess(
        queries.forecast(caller.tenant(), audience.asLong()),
        found ->
            ok(
                found.orElseThrow(
                    () ->
                        ProblemException.of(
                            ProblemType.NOT_FOUND,
                            "the tenant has no campaign with deliveries to forecast from"))));
  }

  private static void requireId(String name, String id) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              name + " must have 1 to " + MAX_ID_LENGTH + " characters",
              List.of(
                  new Problem.Violation(name, "must have 1 to " + MAX_ID_LENGTH + " characters"))));
    }
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
