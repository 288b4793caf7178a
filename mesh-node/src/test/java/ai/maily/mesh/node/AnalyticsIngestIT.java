package ai.maily.mesh.node;

import static ai.maily.mesh.node.GrpcCalls.await;
import static ai.maily.mesh.node.GrpcCalls.codeOf;
import static ai.maily.mesh.node.GrpcCalls.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.analytics.store.EngagementStore;
import ai.maily.mesh.analytics.store.StoredEvent;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.analytics.v1.AnalyticsServiceClient;
import ai.maily.mesh.grpc.analytics.v1.EngagementEvent;
import ai.maily.mesh.grpc.analytics.v1.IngestEventsResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.grpc.Status;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Engagement events into a running node over REST and gRPC: stored once each, validated per event
 * (all or none), only for the caller's tenant, answered after the commit.
 */
class AnalyticsIngestIT {

  private static TestNode node;
  private static EngagementStore store;
  private static AnalyticsServiceClient client;

  private final String tenant = "analytics-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    node = TestNode.start();
    store = EngagementStore.open(NodeConfig.database(node.node().system().settings().config()), 1);
    client = AnalyticsServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterAll
  static void stop() {
    client.close();
    store.close();
    node.close();
  }

  private static String event(String eventId, String type) {
    return "{\"eventId\": \""
        + eventId
        + "\", \"contactId\": \"dana\", \"campaignId\": \"spring\", \"channel\": \"email\","
        + " \"type\": \""
        + type
        + "\", \"occurredAt\": \"2026-03-01T09:30:00Z\", \"attributes\": {\"link\": \"/trail\"}}";
  }

  private static String batch(String... events) {
    return "{\"events\": [" + String.join(", ", events) + "]}";
  }

  private List<StoredEvent> storedOf(String forTenant) {
    return store.after(0, 100_000).stream()
        .filter(stored -> stored.event().tenant().equals(forTenant))
        .toList();
  }

  @Test
  void storesABatchOnceAndAnswersARepeatWithTheSameOffsets() {
    String editor = node.token(tenant, Role.EDITOR);

    HttpResponse<String> first =
        node.post("/analytics/events", editor, batch(event("e-1", "open"), event("e-2", "click")));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    JsonNode stored = TestNode.json(first);
    assertThat(stored.path("stored").asInt()).isEqualTo(2);
    assertThat(stored.path("duplicates").asInt()).isZero();
    assertThat(stored.path("events").get(0).path("status").asText()).isEqualTo("stored");
    long offset = stored.path("events").get(1).path("offset").asLong();
    List<StoredEvent> events = storedOf(tenant);
    assertThat(events).extracting(e -> e.event().eventId()).containsExactly("e-1", "e-2");
    assertThat(events.get(1).offset()).isEqualTo(offset);
    assertThat(events.get(0).event().attributes()).isEqualTo("{\"link\":\"/trail\"}");

    HttpResponse<String> again =
        node.post("/analytics/events", editor, batch(event("e-1", "open"), event("e-2", "click")));

    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonNode duplicates = TestNode.json(again);
    assertThat(duplicates.path("duplicates").asInt()).isEqualTo(2);
    assertThat(duplicates.path("events").get(1).path("status").asText()).isEqualTo("duplicate");
    assertThat(duplicates.path("events").get(1).path("offset").asLong()).isEqualTo(offset);
    assertThat(storedOf(tenant)).hasSize(2);
  }

  @Test
  void aBatchWithAnInvalidEventIsRefusedWholeWithEachEventsProblems() {
    HttpResponse<String> response =
        node.post(
            "/analytics/events",
            node.token(tenant, Role.EDITOR),
            batch(
                event("ok", "open"),
                event("bad-type", "like"),
                "{\"eventId\": \"bare\", \"channel\": \"email\", \"type\": \"open\"}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = TestNode.json(response);
    assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:invalid-request");
    List<String> fields = problem.path("errors").findValuesAsText("field");
    assertThat(fields)
        .containsExactlyInAnyOrder("events[1].type", "events[2].contactId", "events[2].occurredAt");
    assertThat(storedOf(tenant)).isEmpty();
  }

  @Test
  void anEventNamingAnotherTenantIsForbiddenAndNothingIsStored() {
    String foreign =
        "{\"eventId\": \"f\", \"tenant\": \"someone-else\", \"contactId\": \"c\", \"channel\":"
            + " \"web\", \"type\": \"visit\", \"occurredAt\": \"2026-03-01T09:30:00Z\"}";
    String own = foreign.replace("someone-else", tenant).replace("\"f\"", "\"g\"");

    HttpResponse<String> response =
        node.post("/analytics/events", node.token(tenant, Role.EDITOR), batch(own, foreign));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(TestNode.json(response).path("errors").findValuesAsText("field"))
        .containsExactly("events[1].tenant");
    assertThat(storedOf(tenant)).isEmpty();
    assertThat(storedOf("someone-else")).isEmpty();
  }

  @Test
  void ingestionNeedsAnEditorAndABatchWithinBounds() {
    assertThat(
            node.post(
                    "/analytics/events", node.token(tenant, Role.VIEWER), batch(event("v", "open")))
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> anonymous =
        node.send(
            HttpRequest.newBuilder(node.api("/analytics/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch(event("a", "open"))))
                .build());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    String editor = node.token(tenant, Role.EDITOR);
    assertThat(node.post("/analytics/events", editor, "{\"events\": []}").statusCode())
        .isEqualTo(400);
    String tooMany =
        batch(
            IntStream.range(0, 1001).mapToObj(i -> event("m-" + i, "sent")).toArray(String[]::new));
    HttpResponse<String> refused = node.post("/analytics/events", editor, tooMany);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(TestNode.json(refused).path("detail").asText()).contains("1 to 1000 events");
    assertThat(node.post("/analytics/events", editor, "{\"event\": {}}").statusCode())
        .isEqualTo(400);
    assertThat(storedOf(tenant)).isEmpty();
  }

  private static EngagementEvent.Builder grpcEvent(String eventId) {
    return EngagementEvent.newBuilder()
        .setEventId(eventId)
        .setContactId("dana")
        .setCampaignId("spring")
        .setChannel("social")
        .setType("share")
        .setOccurredAt(Timestamp.newBuilder().setSeconds(1_772_357_400L).setNanos(250_000_000))
        .setAttributes(
            Struct.newBuilder()
                .putFields("network", Value.newBuilder().setStringValue("mastodon").build())
                .putFields("reach", Value.newBuilder().setNumberValue(42).build()));
  }

  private IngestEventsResponse ingest(String token, EngagementEvent... events) throws Exception {
    return await(
        client
            .ingestEvents()
            .addHeader("authorization", "Bearer " + token)
            .invoke(Source.from(List.of(events))));
  }

  @Test
  void grpcStreamsAreStoredLikeRestBatches() throws Exception {
    String editor = node.token(tenant, Role.EDITOR);

    IngestEventsResponse first = ingest(editor, grpcEvent("g-1").build(), grpcEvent("g-2").build());
    IngestEventsResponse again = ingest(editor, grpcEvent("g-2").build());

    assertThat(first.getStored()).isEqualTo(2);
    assertThat(first.getEvents(0).getStatus()).isEqualTo("stored");
    assertThat(again.getDuplicates()).isEqualTo(1);
    assertThat(again.getEvents(0).getOffset()).isEqualTo(first.getEvents(1).getOffset());
    List<StoredEvent> stored = storedOf(tenant);
    assertThat(stored).hasSize(2);
    assertThat(stored.get(0).event().occurredAt()).hasToString("2026-03-01T09:30:00.250Z");
    assertThat(stored.get(0).event().attributes())
        .isEqualTo("{\"network\":\"mastodon\",\"reach\":42.0}");
  }

  @Test
  void grpcRefusesInvalidEventsAndOtherTenantsWithTheirStatus() {
    String editor = node.token(tenant, Role.EDITOR);

    assertThatThrownBy(
            () -> ingest(editor, grpcEvent("ok").build(), grpcEvent("").setType("open").build()))
        .satisfies(
            error -> {
              assertThat(codeOf(error)).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(statusOf(error).getStatus().getDescription())
                  .contains("events[1].eventId", "events[1].type");
            });
    assertThatThrownBy(() -> ingest(editor, grpcEvent("x").setTenant("someone-else").build()))
        .satisfies(error -> assertThat(codeOf(error)).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(() -> ingest(node.token(tenant, Role.VIEWER), grpcEvent("y").build()))
        .satisfies(error -> assertThat(codeOf(error)).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(() -> ingest("not-a-token", grpcEvent("z").build()))
        .satisfies(error -> assertThat(codeOf(error)).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThat(storedOf(tenant)).isEmpty();
  }

  @Test
  void readinessShowsTheInProcessBus() {
    HttpResponse<String> ready =
        node.send(
            HttpRequest.newBuilder(node.management("/health/ready"))
                .header("Accept", "application/json")
                .build());

    JsonNode bus = TestNode.json(ready).path("details").path("bus");
    assertThat(bus.path("backend").asText()).isEqualTo("in-process");
    assertThat(bus.path("connected").asBoolean()).isTrue();
  }
}
