package ai.maily.mesh.edge.rest;

import static org.apache.pekko.http.javadsl.server.PathMatchers.segment;

import ai.maily.mesh.analytics.ingest.EngagementIngestion;
import ai.maily.mesh.analytics.readmodel.AnalyticsQueries;
import ai.maily.mesh.analytics.readmodel.TimeBucket;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The analytics API under {@code /api/v1/analytics}: {@code POST /events} takes a batch of
 * engagement events, all or none, and answers once they are committed: 202 when it stored some, 200
 * when every one was stored before. The reads come from the read models (ADR 0035): {@code GET
 * /campaigns}, {@code /campaigns/{id}}, {@code /campaigns/{id}/series}, {@code /heatmap}, {@code
 * /anomalies}, {@code /recommendations}, {@code /segments/{segment}}, {@code
 * /contacts/{id}/prediction} and {@code POST /forecast} (docs/api/analytics.md).
 */
public final class AnalyticsRoutes extends JsonRoutes {

  /** The longest campaign, contact or segment id the analytics API takes. */
  public static final int MAX_ID_LENGTH = 128;

  private static final int DEFAULT_LIMIT = 50;
  private static final int MAX_LIMIT = 500;
  private static final int MAX_POINTS = 1000;

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
                path("campaigns", () -> get(() -> campaigns(caller))),
                path(
                    segment("campaigns").slash(PathMatchers.segment()),
                    campaignId -> get(() -> campaign(caller, campaignId))),
                path(
                    segment("campaigns").slash(PathMatchers.segment()).slash("series"),
                    campaignId -> get(() -> series(caller, campaignId))),
                path("heatmap", () -> get(() -> heatmap(caller))),
                path("anomalies", () -> get(() -> anomalies(caller))),
                path("recommendations", () -> get(() -> recommendations(caller))),
                path(
                    segment("segments").slash(PathMatchers.segment()),
                    name -> get(() -> segmentOf(caller, name))),
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

  private Route campaigns(Principal caller) {
    caller.require(Role.VIEWER);
    return parameterOptional(
        "limit",
        limit -> {
          List<Problem.Violation> violations = new ArrayList<>();
          int count = limit(limit, violations);
          malformedIf(violations);
          return onSuccess(
              queries.campaigns(caller.tenant(), count), found -> ok(CampaignListView.of(found)));
        });
  }

  private Route series(Principal caller, String campaignId) {
    caller.require(Role.VIEWER);
    return parameterOptional(
        "bucket",
        bucket ->
            parameterOptional(
                "from",
                from ->
                    parameterOptional(
                        "to",
                        to -> {
                          List<Problem.Violation> violations = new ArrayList<>();
                          checkId("campaignId", campaignId, violations);
                          TimeBucket width = bucket(bucket, violations);
                          Optional<Instant> start = instant("from", from, violations);
                          Optional<Instant> end = instant("to", to, violations);
                          window(width, start, end, violations);
                          malformedIf(violations);
                          return onSuccess(
                              queries.series(caller.tenant(), campaignId, width, start, end),
                              found ->
                                  ok(
                                      SeriesView.of(
                                          found.orElseThrow(() -> noEngagement(campaignId)))));
                        })));
  }

  private Route heatmap(Principal caller) {
    return campaignOrTenant(
        caller,
        queries::heatmap,
        (campaignId, cells) -> HeatmapView.of(campaignId.orElse(null), cells));
  }

  private Route anomalies(Principal caller) {
    return campaignOrTenant(
        caller, queries::anomalies, (campaignId, found) -> AnomalyListView.of(found));
  }

  private Route recommendations(Principal caller) {
    return campaignOrTenant(
        caller, queries::recommendations, (campaignId, found) -> RecommendationListView.of(found));
  }

  /**
   * A read of one campaign (the {@code campaignId} query parameter) or of the whole tenant: 404
   * when the campaign has no engagement.
   */
  private <T> Route campaignOrTenant(
      Principal caller,
      BiFunction<String, Optional<String>, CompletionStage<Optional<T>>> query,
      BiFunction<Optional<String>, T, Object> view) {
    caller.require(Role.VIEWER);
    return parameterOptional(
        "campaignId",
        campaignId -> {
          List<Problem.Violation> violations = new ArrayList<>();
          campaignId.ifPresent(id -> checkId("campaignId", id, violations));
          malformedIf(violations);
          return onSuccess(
              query.apply(caller.tenant(), campaignId),
              found ->
                  ok(
                      view.apply(
                          campaignId,
                          found.orElseThrow(() -> noEngagement(campaignId.orElseThrow())))));
        });
  }

  private Route segmentOf(Principal caller, String name) {
    caller.require(Role.VIEWER);
    requireId("segment", name);
    return onSuccess(
        queries.segment(caller.tenant(), name),
        found ->
            ok(
                SegmentView.of(
                    found.orElseThrow(
                        () ->
                            ProblemException.of(
                                ProblemType.NOT_FOUND,
                                "segment " + name + " has no engagement")))));
  }

  private static ProblemException noEngagement(String campaignId) {
    return ProblemException.of(
        ProblemType.NOT_FOUND, "campaign " + campaignId + " has no engagement");
  }

  private static int limit(Optional<String> value, List<Problem.Violation> violations) {
    if (value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value.get());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    violations.add(new Problem.Violation("limit", "must be an integer from 1 to " + MAX_LIMIT));
    return DEFAULT_LIMIT;
  }

  private static TimeBucket bucket(Optional<String> value, List<Problem.Violation> violations) {
    if (value.isEmpty()) {
      return TimeBucket.HOUR;
    }
    Optional<TimeBucket> bucket = TimeBucket.fromWireName(value.get());
    if (bucket.isEmpty()) {
      violations.add(new Problem.Violation("bucket", "must be hour or day"));
    }
    return bucket.orElse(TimeBucket.HOUR);
  }

  private static Optional<Instant> instant(
      String name, Optional<String> value, List<Problem.Violation> violations) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(value.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      violations.add(
          new Problem.Violation(
              name, "must be an ISO-8601 date-time with an offset, e.g. 2026-03-01T00:00:00Z"));
      return Optional.empty();
    }
  }

  /** Checks that a window given by both ends is not empty and not too long. */
  private static void window(
      TimeBucket bucket,
      Optional<Instant> from,
      Optional<Instant> to,
      List<Problem.Violation> violations) {
    if (from.isEmpty() || to.isEmpty()) {
      return;
    }
    long points = bucket.count(from.get(), to.get());
    if (points == 0) {
      violations.add(new Problem.Violation("to", "must be after from"));
    } else if (points > MAX_POINTS) {
      violations.add(
          new Problem.Violation(
              "to",
              "the window from "
                  + from.get()
                  + " spans "
                  + points
                  + " "
                  + bucket.wireName()
                  + "s; at most "
                  + MAX_POINTS
                  + " are served"));
    }
  }

  private static void checkId(String name, String id, List<Problem.Violation> violations) {
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      violations.add(
          new Problem.Violation(name, "must have 1 to " + MAX_ID_LENGTH + " characters"));
    }
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
    malformedIf(violations);
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
    malformedIf(violations);
    List<JsonNode> items = new ArrayList<>(events.size());
    events.forEach(items::add);
    return onSuccess(
        ingestion.ingest(caller.tenant(), items),
        result -> json(result.stored() > 0 ? StatusCodes.ACCEPTED : StatusCodes.OK, result));
  }
}
