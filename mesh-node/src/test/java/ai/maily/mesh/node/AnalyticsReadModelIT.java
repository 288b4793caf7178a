package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.predict.Audience;
import ai.maily.mesh.core.predict.EmailContent;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.NodePredictions;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Engagement events in over REST, read back from the read models the node projects from the store:
 * exact counts, uniques, rates and channels despite duplicates, predictions and forecasts, the
 * dashboard's campaigns, series, heatmaps, anomalies, recommendations and segments, and only for
 * the caller's tenant.
 */
class AnalyticsReadModelIT {

  private static TestNode node;

  private final String tenant = "readmodel-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String event(
      String eventId, String contact, String channel, String type, String at) {
    return event(eventId, contact, "spring", channel, type, at, "{}");
  }

  private static String event(
      String eventId,
      String contact,
      String campaign,
      String channel,
      String type,
      String at,
      String attributes) {
    return "{\"eventId\": \""
        + eventId
        + "\", \"contactId\": \""
        + contact
        + "\", \"campaignId\": \""
        + campaign
        + "\", \"channel\": \""
        + channel
        + "\", \"type\": \""
        + type
        + "\", \"occurredAt\": \""
        + at
        + "\", \"attributes\": "
        + attributes
        + "}";
  }

  /**
   * 40 contacts sent and delivered on Tuesday 09:15 UTC; 30 open (the first 10 twice), 10 click by
   * email, 4 of those also on the web; 2 bounces; 1 unsubscribe, 1 complaint.
   */
  private static List<String> campaign() {
    List<String> events = new ArrayList<>();
    String at = "2026-03-03T09:15:00Z";
    for (int i = 0; i < 40; i++) {
      String c = "c" + i;
      events.add(event("sent-" + i, c, "email", "sent", at));
      events.add(event("dlv-" + i, c, "email", "delivered", at));
      if (i < 30) {
        events.add(event("open-" + i, c, "email", "open", "2026-03-03T10:00:00Z"));
      }
      if (i < 10) {
        events.add(event("open2-" + i, c, "email", "open", "2026-03-04T10:00:00Z"));
        events.add(event("click-" + i, c, "email", "click", "2026-03-03T10:01:00Z"));
      }
      if (i < 4) {
        events.add(event("web-" + i, c, "web", "click", "2026-03-03T10:02:00Z"));
      }
    }
    events.add(event("bounce-a", "x1", "email", "bounce", at));
    events.add(event("bounce-b", "x2", "email", "bounce", at));
    events.add(event("unsub", "c39", "email", "unsubscribe", at));
    events.add(event("complaint", "c38", "email", "complaint", at));
    return events;
  }

  private static String batch(List<String> events) {
    return "{\"events\": [" + String.join(", ", events) + "]}";
  }

  @Test
  void countsEachEventOnceAndPredictsFromTheReadModel() {
    String editor = node.token(tenant, Role.EDITOR);
    List<String> events = campaign();
    assertThat(node.post("/analytics/events", editor, batch(events)).statusCode()).isEqualTo(202);
    // The same events again, and a half of them once more: duplicates, counted never.
    assertThat(node.post("/analytics/events", editor, batch(events)).statusCode()).isEqualTo(200);
    assertThat(
            node.post("/analytics/events", editor, batch(events.subList(0, events.size() / 2)))
                .statusCode())
        .isEqualTo(200);
    String viewer = node.token(tenant, Role.VIEWER);

    // The complaint is the last event: once it is counted, everything before it is.
    JsonNode spring =
        TestNode.json(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> node.get("/analytics/campaigns/spring", viewer),
                    response ->
                        response.statusCode() == 200
                            && TestNode.json(response).path("counts").path("complaints").asLong()
                                == 1));

    assertThat(spring.path("campaignId").asText()).isEqualTo("spring");
    JsonNode counts = spring.path("counts");
    assertThat(counts.path("sent").asLong()).isEqualTo(40);
    assertThat(counts.path("delivered").asLong()).isEqualTo(40);
    assertThat(counts.path("opens").asLong()).isEqualTo(40);
    assertThat(counts.path("uniqueOpens").asLong()).isEqualTo(30);
    assertThat(counts.path("clicks").asLong()).isEqualTo(14);
    assertThat(counts.path("uniqueClicks").asLong()).isEqualTo(10);
    assertThat(counts.path("bounces").asLong()).isEqualTo(2);
    assertThat(counts.path("unsubscribes").asLong()).isEqualTo(1);
    assertThat(counts.path("complaints").asLong()).isEqualTo(1);
    assertThat(spring.path("rates").path("openRate").asDouble()).isEqualTo(0.75);
    assertThat(spring.path("rates").path("clickRate").asDouble()).isEqualTo(0.25);
    assertThat(spring.path("rates").path("bounceRate").asDouble()).isEqualTo(0.05);
    JsonNode email = spring.path("byChannel").path("email").path("counts");
    JsonNode web = spring.path("byChannel").path("web").path("counts");
    assertThat(email.path("clicks").asLong()).isEqualTo(10);
    assertThat(email.path("uniqueClicks").asLong()).isEqualTo(10);
    assertThat(web.path("clicks").asLong()).isEqualTo(4);
    assertThat(web.path("uniqueClicks").asLong()).isEqualTo(4);
    assertThat(web.path("sent").asLong()).isZero();

    JsonNode opener = TestNode.json(node.get("/analytics/contacts/c0/prediction", viewer));
    JsonNode ignorer = TestNode.json(node.get("/analytics/contacts/c35/prediction", viewer));
    double openerP = opener.path("openProbability").path("value").asDouble();
    double ignorerP = ignorer.path("openProbability").path("value").asDouble();
    assertThat(openerP).isBetween(0.75, 1.0);
    assertThat(ignorerP).isBetween(0.0, 0.75);
    assertThat(opener.path("openProbability").path("low").asDouble()).isLessThan(openerP);
    assertThat(opener.path("bestHour").path("hourOfWeek").asInt()).isEqualTo(33);

    HttpResponse<String> forecast =
        node.post("/analytics/forecast", viewer, "{\"audience\": 1000}");
    assertThat(forecast.statusCode()).as(forecast.body()).isEqualTo(200);
    JsonNode expected = TestNode.json(forecast);
    assertThat(expected.path("openRate").path("value").asDouble()).isEqualTo(0.75);
    assertThat(expected.path("opens").path("value").asDouble()).isEqualTo(750);

    // The agents read the same history through the node's predictions.
    Optional<EngagementForecast> predicted =
        NodePredictions.find(node.node().system())
            .orElseThrow()
            .forecast(
                new Audience(tenant, Optional.empty()),
                new EmailContent("Hi", Optional.empty(), Optional.empty()))
            .toCompletableFuture()
            .join();
    assertThat(predicted.orElseThrow().open().expected()).isBetween(0.7, 0.8);
    assertThat(predicted.orElseThrow().basis()).isEqualTo(40);
  }

  @Test
  void learnsEachContactsOpenAndClickModelFromTheEvents() {
    String editor = node.token(tenant, Role.EDITOR);
    List<String> events = new ArrayList<>(campaign());
    // A web visit of every contact after the attribution window (3 days): each send is labelled.
    for (int i = 0; i < 40; i++) {
      events.add(event("visit-" + i, "c" + i, "web", "visit", "2026-03-08T12:00:00Z"));
    }
    assertThat(node.post("/analytics/events", editor, batch(events)).statusCode()).isEqualTo(202);
    String viewer = node.token(tenant, Role.VIEWER);

    JsonNode opener =
        TestNode.json(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> node.get("/analytics/contacts/c0/prediction", viewer),
                    response ->
                        response.statusCode() == 200
                            && TestNode.json(response)
                                    .path("logisticRegression")
                                    .path("sendsLearned")
                                    .asLong()
                                == 40));
    JsonNode ignorer = TestNode.json(node.get("/analytics/contacts/c35/prediction", viewer));

    // Forty examples rank nobody (the synthetic-data test checks that); the fields are there.
    JsonNode learned = opener.path("logisticRegression");
    assertThat(learned.path("offset").asLong()).isPositive();
    assertThat(learned.path("openProbability").asDouble()).isStrictlyBetween(0.0, 1.0);
    assertThat(learned.path("clickProbability").asDouble()).isStrictlyBetween(0.0, 1.0);
    assertThat(ignorer.path("logisticRegression").path("sendsLearned").asLong()).isEqualTo(40);
    // The Beta posterior is still there beside it.
    assertThat(opener.path("openProbability").path("value").asDouble()).isBetween(0.75, 1.0);
  }

  @Test
  void anotherTenantSeesNothingAndBadRequestsAreProblems() {
    String editor = node.token(tenant, Role.EDITOR);
    node.post("/analytics/events", editor, batch(campaign().subList(0, 4)));
    String stranger = node.token("stranger-" + UUID.randomUUID(), Role.VIEWER);

    HttpResponse<String> hidden = node.get("/analytics/campaigns/spring", stranger);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(TestNode.json(hidden).path("type").asText())
        .isEqualTo("urn:maily:problem:not-found");
    assertThat(node.get("/analytics/contacts/c0/prediction", stranger).statusCode()).isEqualTo(404);
    assertThat(node.post("/analytics/forecast", stranger, "{\"audience\": 10}").statusCode())
        .isEqualTo(404);

    HttpResponse<String> bad = node.post("/analytics/forecast", stranger, "{\"audience\": -1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(TestNode.json(bad).path("errors").findValuesAsText("field")).contains("audience");
  }

  /**
   * Campaign {@code summer}, from Monday 2026-04-06 00:00 UTC for 11 hours: each hour 120 contacts
   * sent and delivered (the even ones in segment {@code vip}, the odd ones in {@code rest}), 2 of
   * them bounce, and 36 in the last hour: a spike.
   */
  private static List<String> summer() {
    List<String> events = new ArrayList<>();
    for (int h = 0; h < 11; h++) {
      String at = String.format("2026-04-06T%02d:10:00Z", h);
      for (int i = 0; i < 120; i++) {
        String contact = "s" + h + "-" + i;
        String segment = i % 2 == 0 ? "vip" : "rest";
        events.add(segmented("summer-sent-" + contact, contact, "sent", at, segment));
        events.add(segmented("summer-dlv-" + contact, contact, "delivered", at, segment));
        if (i < (h == 10 ? 36 : 2)) {
          events.add(segmented("summer-bounce-" + contact, contact, "bounce", at, segment));
        }
      }
    }
    return events;
  }

  private static String segmented(
      String eventId, String contact, String type, String at, String segment) {
    return event(
        eventId, contact, "summer", "email", type, at, "{\"segment\": \"" + segment + "\"}");
  }

  private void ingest(String editor, List<String> events) {
    for (int from = 0; from < events.size(); from += 1000) {
      HttpResponse<String> stored =
          node.post(
              "/analytics/events",
              editor,
              batch(events.subList(from, Math.min(events.size(), from + 1000))));
      assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
    }
  }

  private static JsonNode ok(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }

  @Test
  void servesTheDashboardsReadsForTheCallersTenantOnly() {
    String editor = node.token(tenant, Role.EDITOR);
    ingest(editor, campaign());
    List<String> summer = summer();
    ingest(editor, summer);
    // A resent batch is a duplicate and changes no count.
    assertThat(node.post("/analytics/events", editor, batch(summer.subList(0, 500))).statusCode())
        .isEqualTo(200);
    String viewer = node.token(tenant, Role.VIEWER);

    JsonNode list =
        TestNode.json(
            await()
                .atMost(Duration.ofSeconds(30))
                .until(
                    () -> node.get("/analytics/campaigns", viewer),
                    response ->
                        response.statusCode() == 200
                            && TestNode.json(response)
                                    .path("campaigns")
                                    .path(0)
                                    .path("counts")
                                    .path("bounces")
                                    .asLong()
                                == 56));
    assertThat(list.path("campaigns").findValuesAsText("campaignId"))
        .containsExactly("summer", "spring");
    JsonNode latest = list.path("campaigns").path(0);
    assertThat(latest.path("counts").path("sent").asLong()).isEqualTo(1320);
    assertThat(latest.path("rates").path("bounceRate").asDouble()).isEqualTo(56.0 / 1320);
    assertThat(latest.path("lastEventAt").asText()).isEqualTo("2026-04-06T10:10:00Z");
    assertThat(
            ok(node.get("/analytics/campaigns?limit=1", viewer))
                .path("campaigns")
                .findValuesAsText("campaignId"))
        .containsExactly("summer");

    JsonNode hours = ok(node.get("/analytics/campaigns/summer/series", viewer));
    assertThat(hours.path("campaignId").asText()).isEqualTo("summer");
    assertThat(hours.path("bucket").asText()).isEqualTo("hour");
    assertThat(hours.path("points")).hasSize(11);
    assertThat(hours.path("points").path(0).path("start").asText())
        .isEqualTo("2026-04-06T00:00:00Z");
    assertThat(hours.path("points").path(10).path("counts").path("bounces").asLong()).isEqualTo(36);
    assertThat(hours.path("points").path(10).path("rates").path("bounceRate").asDouble())
        .isEqualTo(0.3);
    JsonNode days = ok(node.get("/analytics/campaigns/summer/series?bucket=day", viewer));
    assertThat(days.path("points")).hasSize(1);
    assertThat(days.path("points").path(0).path("start").asText())
        .isEqualTo("2026-04-06T00:00:00Z");
    assertThat(days.path("points").path(0).path("counts").path("delivered").asLong())
        .isEqualTo(1320);
    JsonNode window =
        ok(
            node.get(
                "/analytics/campaigns/summer/series?from=2026-04-06T02:00:00Z&to=2026-04-06T04:00:00Z",
                viewer));
    assertThat(window.path("points").findValuesAsText("start"))
        .containsExactly("2026-04-06T02:00:00Z", "2026-04-06T03:00:00Z");

    JsonNode tenantMap = ok(node.get("/analytics/heatmap", viewer));
    assertThat(tenantMap.has("campaignId")).isTrue();
    assertThat(tenantMap.path("campaignId").isNull()).isTrue();
    assertThat(tenantMap.path("cells")).hasSize(168);
    long sends = 0;
    for (JsonNode cell : tenantMap.path("cells")) {
      sends += cell.path("sends").asLong();
    }
    assertThat(sends).isEqualTo(1360);
    // Monday 00:00 UTC is hour 0; Tuesday 09:00 (spring's sends) is hour 33.
    JsonNode summerMap = ok(node.get("/analytics/heatmap?campaignId=summer", viewer));
    assertThat(summerMap.path("campaignId").asText()).isEqualTo("summer");
    assertThat(summerMap.path("cells").path(0).path("label").asText()).isEqualTo("Mon 00:00");
    assertThat(summerMap.path("cells").path(0).path("sends").asLong()).isEqualTo(120);
    assertThat(summerMap.path("cells").path(33).path("sends").asLong()).isZero();
    assertThat(tenantMap.path("cells").path(33).path("sends").asLong()).isEqualTo(40);
    assertThat(tenantMap.path("cells").path(33).path("openRate").asDouble()).isEqualTo(0.75);

    JsonNode anomalies = ok(node.get("/analytics/anomalies", viewer)).path("anomalies");
    assertThat(anomalies).hasSize(1);
    assertThat(anomalies.path(0).path("campaignId").asText()).isEqualTo("summer");
    assertThat(anomalies.path(0).path("subject").asText()).isEqualTo("campaign:summer");
    assertThat(anomalies.path(0).path("metric").asText()).isEqualTo("bounce-rate");
    assertThat(anomalies.path(0).path("bucketStart").asText()).isEqualTo("2026-04-06T10:00:00Z");
    assertThat(anomalies.path(0).path("observed").asDouble()).isEqualTo(0.3);
    assertThat(anomalies.path(0).path("trials").asLong()).isEqualTo(120);
    assertThat(anomalies.path(0).path("bad").asBoolean()).isTrue();
    assertThat(ok(node.get("/analytics/anomalies?campaignId=spring", viewer)).path("anomalies"))
        .isEmpty();

    JsonNode advice =
        ok(node.get("/analytics/recommendations?campaignId=summer", viewer))
            .path("recommendations");
    assertThat(advice.findValuesAsText("code"))
        .contains("bounce-rate-anomaly", "bounce-rate-above-threshold");
    assertThat(advice.findValuesAsText("subject")).containsOnly("campaign:summer");
    assertThat(advice.findValuesAsText("rule")).contains("anomaly", "threshold");
    double previous = 1;
    for (JsonNode item : advice) {
      assertThat(item.path("confidence").asDouble()).isLessThanOrEqualTo(previous);
      previous = item.path("confidence").asDouble();
    }
    assertThat(ok(node.get("/analytics/recommendations", viewer)).path("recommendations"))
        .isNotEmpty();

    JsonNode vip = ok(node.get("/analytics/segments/vip", viewer));
    assertThat(vip.path("segment").asText()).isEqualTo("vip");
    assertThat(vip.path("counts").path("sent").asLong()).isEqualTo(660);
    assertThat(vip.path("counts").path("bounces").asLong()).isEqualTo(10 + 18);
    assertThat(vip.path("campaigns").findValuesAsText("campaignId")).containsExactly("summer");
    assertThat(vip.path("rates").path("bounceRate").asDouble()).isEqualTo(28.0 / 660);

    // Another tenant sees none of it.
    String stranger = node.token("stranger-" + UUID.randomUUID(), Role.VIEWER);
    assertThat(ok(node.get("/analytics/campaigns", stranger)).path("campaigns")).isEmpty();
    assertThat(node.get("/analytics/campaigns/summer/series", stranger).statusCode())
        .isEqualTo(404);
    assertThat(node.get("/analytics/heatmap?campaignId=summer", stranger).statusCode())
        .isEqualTo(404);
    JsonNode strangerMap = ok(node.get("/analytics/heatmap", stranger));
    assertThat(strangerMap.path("cells")).hasSize(168);
    assertThat(strangerMap.path("cells").findValues("sends")).allMatch(v -> v.asLong() == 0);
    assertThat(ok(node.get("/analytics/anomalies", stranger)).path("anomalies")).isEmpty();
    assertThat(node.get("/analytics/anomalies?campaignId=summer", stranger).statusCode())
        .isEqualTo(404);
    assertThat(ok(node.get("/analytics/recommendations", stranger)).path("recommendations"))
        .isEmpty();
    assertThat(node.get("/analytics/recommendations?campaignId=summer", stranger).statusCode())
        .isEqualTo(404);
    HttpResponse<String> segment = node.get("/analytics/segments/vip", stranger);
    assertThat(segment.statusCode()).isEqualTo(404);
    assertThat(TestNode.json(segment).path("type").asText())
        .isEqualTo("urn:maily:problem:not-found");
  }

  @Test
  void badQueryParametersAreProblemsNamingThem() {
    String viewer = node.token(tenant, Role.VIEWER);
    String tooLong = "x".repeat(129);
    record BadQuery(String path, List<String> fields) {}
    List<BadQuery> cases =
        List.of(
            new BadQuery("/analytics/campaigns?limit=0", List.of("limit")),
            new BadQuery("/analytics/campaigns?limit=501", List.of("limit")),
            new BadQuery("/analytics/campaigns?limit=many", List.of("limit")),
            new BadQuery("/analytics/campaigns/summer/series?bucket=week", List.of("bucket")),
            new BadQuery(
                "/analytics/campaigns/summer/series?from=yesterday&to=today",
                List.of("from", "to")),
            new BadQuery(
                "/analytics/campaigns/summer/series?from=2026-04-06T05:00:00Z&to=2026-04-06T04:00:00Z",
                List.of("to")),
            new BadQuery(
                "/analytics/campaigns/summer/series?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z",
                List.of("to")),
            new BadQuery("/analytics/campaigns/" + tooLong + "/series", List.of("campaignId")),
            new BadQuery("/analytics/heatmap?campaignId=" + tooLong, List.of("campaignId")),
            new BadQuery("/analytics/anomalies?campaignId=", List.of("campaignId")),
            new BadQuery("/analytics/recommendations?campaignId=" + tooLong, List.of("campaignId")),
            new BadQuery("/analytics/segments/" + tooLong, List.of("segment")));
    for (BadQuery c : cases) {
      HttpResponse<String> response = node.get(c.path(), viewer);
      assertThat(response.statusCode()).as(c.path() + " -> " + response.body()).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      JsonNode problem = TestNode.json(response);
      assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:invalid-request");
      assertThat(problem.path("errors").findValuesAsText("field"))
          .as(c.path())
          .containsExactlyInAnyOrderElementsOf(c.fields());
    }
    // A day window of 1,000 days is served; one of 1,001 is not.
    assertThat(
            node.get(
                    "/analytics/campaigns/summer/series?bucket=day&from=2024-01-01T00:00:00Z&to=2026-09-27T00:00:00Z",
                    viewer)
                .statusCode())
        .isEqualTo(404);
  }
}
