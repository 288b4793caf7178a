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
 * exact counts, uniques, rates and channels despite duplicates, predictions and forecasts, and only
 * for the caller's tenant.
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
    return "{\"eventId\": \""
        + eventId
        + "\", \"contactId\": \""
        + contact
        + "\", \"campaignId\": \"spring\", \"channel\": \""
        + channel
        + "\", \"type\": \""
        + type
        + "\", \"occurredAt\": \""
        + at
        + "\"}";
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
}
