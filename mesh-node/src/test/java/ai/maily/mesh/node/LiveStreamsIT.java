package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live streams' WebSocket protocol against a running node (docs/api/live-streams.md): a task's
 * events live, resuming without loss or duplicates, approvals from the socket, and every bad input.
 * The node's journal poll and the streams' safety net are slowed to a minute, so everything that
 * arrives in time came by the live path.
 */
class LiveStreamsIT {

  private static final String APPROVAL_PLAN =
      """
      "plan": {"steps": [
        {"id": "check", "agent": "compliance"},
        {"id": "approve", "kind": "approval", "dependsOn": ["check"]}]}""";

  private static TestNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of(
                    "jdbc-read-journal.refresh-interval", "60s",
                    "mesh.live.poll-interval", "60s")));
    admin = node.devToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String submitApprovalTask(String token) {
    return TestNode.json(node.post("/tasks", token, RestApiIT.submitBody(APPROVAL_PLAN, "")))
        .path("taskId")
        .asText();
  }

  private static String pid(String tenant, String taskId) {
    return "Task|" + tenant + ":" + taskId;
  }

  /** The task's events as the REST API numbers them. */
  private static List<JsonNode> restEvents(String taskId) {
    List<JsonNode> events = new ArrayList<>();
    TestNode.json(node.get("/tasks/" + taskId + "/events?after=0", admin))
        .path("events")
        .forEach(events::add);
    return events;
  }

  /** Reads event frames of {@code pid} until one of {@code type}; returns them all. */
  private static List<JsonNode> eventsUntil(LiveSocket socket, String type) {
    List<JsonNode> events = new ArrayList<>();
    while (true) {
      JsonNode frame = socket.next("event", f -> f.path("type").asText().equals("ack"));
      events.add(frame);
      if (frame.path("event").path("type").asText().equals(type)) {
        return events;
      }
    }
  }

  private static void assertNumberedFrom(List<JsonNode> events, long first) {
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("seq").asLong()).as("event %d", i).isEqualTo(first + i);
    }
  }

  @Test
  void followsATaskLiveAndTakesItsApproval() {
    String taskId = submitApprovalTask(admin);
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/tasks/" + taskId), admin)) {
      socket.send(Map.of("type", "subscribe"));
      JsonNode snapshot = socket.next();
      assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
      assertThat(snapshot.path("task").path("taskId").asText()).isEqualTo(taskId);
      long position = snapshot.path("positions").path(pid("dev", taskId)).asLong();
      assertThat(position).isPositive();

      List<JsonNode> events = new ArrayList<>();
      if (!snapshot.path("task").path("status").asText().equals("AWAITING_APPROVAL")) {
        events.addAll(eventsUntil(socket, "ApprovalRequested"));
      }
      socket.send(
          Map.of(
              "type",
              "approve",
              "id",
              "a1",
              "taskId",
              taskId,
              "stepId",
              "approve",
              "decision",
              "approve",
              "comment",
              "from the socket"));
      List<JsonNode> rest = eventsUntil(socket, "TaskFinished");
      events.addAll(rest);

      assertNumberedFrom(events, position + 1);
      List<JsonNode> journal = restEvents(taskId);
      assertThat(events).hasSize(journal.size() - (int) position);
      for (JsonNode event : events) {
        JsonNode same = journal.get((int) event.path("seq").asLong() - 1);
        assertThat(event.path("pid").asText()).isEqualTo(pid("dev", taskId));
        assertThat(event.path("event").path("type").asText()).isEqualTo(same.path("type").asText());
      }
    }
    assertThat(TestNode.json(node.get("/tasks/" + taskId, admin)).path("status").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void resumesFromAPositionWithoutLossOrDuplicates() {
    String taskId = submitApprovalTask(admin);
    RestApiIT.awaitTask(node, admin, taskId, "AWAITING_APPROVAL");
    long seen;
    try (LiveSocket first = LiveSocket.open(node.socket("/ws/tasks/" + taskId), admin)) {
      first.send(Map.of("type", "subscribe"));
      seen = first.next().path("positions").path(pid("dev", taskId)).asLong();
    }
    // While nobody watches, the task goes on.
    node.post("/tasks/" + taskId + "/approvals/approve", admin, Map.of("decision", "approve"));

    try (LiveSocket second = LiveSocket.open(node.socket("/ws/tasks/" + taskId), admin)) {
      long resumeAt = seen - 2;
      second.send(Map.of("type", "subscribe", "resume", Map.of(pid("dev", taskId), resumeAt)));
      List<JsonNode> events = eventsUntil(second, "TaskFinished");

      assertNumberedFrom(events, resumeAt + 1);
      assertThat(events).hasSize(restEvents(taskId).size() - (int) resumeAt);
    }
  }

  @Test
  void badFramesGetAnErrorAndTheConnectionStaysOpen() {
    String taskId = submitApprovalTask(admin);
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/tasks/" + taskId), admin)) {
      socket.send("{not json");
      assertThat(socket.next().path("code").asText()).isEqualTo("invalid-request");
      socket.send(Map.of("type", "dance"));
      JsonNode unknown = socket.next();
      assertThat(unknown.path("type").asText()).isEqualTo("error");
      assertThat(unknown.path("message").asText()).contains("dance");
      socket.send(Map.of("type", "subscribe", "resume", "everything"));
      assertThat(socket.next().path("code").asText()).isEqualTo("invalid-request");
      socket.send(Map.of("type", "approve", "id", "x", "taskId", taskId));
      JsonNode incomplete = socket.next();
      assertThat(incomplete.path("code").asText()).isEqualTo("invalid-request");
      assertThat(incomplete.path("id").asText()).isEqualTo("x");

      socket.send(Map.of("type", "ping"));
      assertThat(socket.next().path("type").asText()).isEqualTo("pong");
      assertThat(socket.isClosed()).isFalse();
    }
  }

  @Test
  void anOversizeFrameClosesWith1009() {
    String taskId = submitApprovalTask(admin);
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/tasks/" + taskId), admin)) {
      socket.send("{\"type\": \"ping\", \"pad\": \"" + "x".repeat(70_000) + "\"}");
      assertThat(socket.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void anUnknownOrAnotherTenantsTaskClosesWith4404() {
    String taskId = submitApprovalTask(admin);
    String other = node.token("other", Role.ADMIN);
    try (LiveSocket foreign = LiveSocket.open(node.socket("/ws/tasks/" + taskId), other);
        LiveSocket unknown = LiveSocket.open(node.socket("/ws/tasks/no-such-task"), admin)) {
      foreign.send(Map.of("type", "subscribe"));
      unknown.send(Map.of("type", "subscribe"));
      assertThat(foreign.closeCode()).isEqualTo(4404);
      assertThat(unknown.closeCode()).isEqualTo(4404);
    }
  }

  @Test
  void theUpgradeNeedsAValidTokenFromHeaderQueryOrSubprotocol() {
    String taskId = submitApprovalTask(admin);
    assertThat(LiveSocket.refusedStatus(node.socket("/ws/tasks/" + taskId), Map.of()))
        .isEqualTo(401);
    assertThat(
            LiveSocket.refusedStatus(
                node.socket("/ws/tasks/" + taskId), Map.of("Authorization", "Bearer nonsense")))
        .isEqualTo(401);

    try (LiveSocket query = LiveSocket.withQueryToken(node.socket("/ws/tasks/" + taskId), admin);
        LiveSocket subprotocol =
            LiveSocket.withSubprotocol(node.socket("/ws/tasks/" + taskId), admin)) {
      query.send(Map.of("type", "subscribe"));
      assertThat(query.next().path("type").asText()).isEqualTo("snapshot");
      assertThat(subprotocol.subprotocol()).isEqualTo("bearer." + admin);
      subprotocol.send(Map.of("type", "subscribe"));
      assertThat(subprotocol.next().path("type").asText()).isEqualTo("snapshot");
    }
  }

  @Test
  void aTokenThatExpiresClosesTheSocketWith4401() {
    String taskId = submitApprovalTask(admin);
    String shortLived = node.token("dev", Duration.ofSeconds(2), Role.VIEWER);
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/tasks/" + taskId), shortLived)) {
      socket.send(Map.of("type", "subscribe"));
      assertThat(socket.next().path("type").asText()).isEqualTo("snapshot");
      assertThat(socket.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void aViewerMayWatchButNotDecide() {
    String taskId = submitApprovalTask(admin);
    RestApiIT.awaitTask(node, admin, taskId, "AWAITING_APPROVAL");
    String viewer = node.token("dev", Role.VIEWER);
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/tasks/" + taskId), viewer)) {
      socket.send(Map.of("type", "subscribe"));
      assertThat(socket.next().path("type").asText()).isEqualTo("snapshot");
      socket.send(
          Map.of(
              "type",
              "approve",
              "id",
              "a1",
              "taskId",
              taskId,
              "stepId",
              "approve",
              "decision",
              "approve"));
      assertThat(socket.closeCode()).isEqualTo(4403);
    }
    assertThat(TestNode.json(node.get("/tasks/" + taskId, admin)).path("status").asText())
        .isEqualTo("AWAITING_APPROVAL");
  }
}
