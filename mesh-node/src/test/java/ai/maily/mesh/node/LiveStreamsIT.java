package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.canvas.LayerName;
import ai.maily.mesh.canvas.live.CanvasLayers;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
                    "mesh.live.poll-interval", "60s",
                    "mesh.live.buffer", 64)));
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

  // ---- canvases ----

  private static String createCanvas(String token) {
    var created = node.post("/canvases", token, Map.of("title", "Spring sale"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return TestNode.json(created).path("canvasId").asText();
  }

  static Map<String, Object> textBlock(String id, String text) {
    return Map.of(
        "op",
        "addBlock",
        "block",
        Map.of(
            "id",
            id,
            "type",
            "text",
            "x",
            10,
            "y",
            10,
            "w",
            300,
            "h",
            40,
            "content",
            Map.of("text", text)));
  }

  /** Applies ops over REST on {@code baseVersion}; answers the new version. */
  private static long restOps(String canvasId, long baseVersion, Object... ops) {
    var applied =
        node.post(
            "/canvases/" + canvasId + "/ops",
            admin,
            Map.of("baseVersion", baseVersion, "ops", List.of(ops)));
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    return TestNode.json(applied).path("version").asLong();
  }

  private static LiveSocket subscribed(String canvasId, String token) {
    LiveSocket socket = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), token);
    socket.send(Map.of("type", "subscribe"));
    JsonNode snapshot = socket.next("snapshot", f -> f.path("type").asText().equals("presence"));
    assertThat(snapshot.path("canvas").path("canvasId").asText()).isEqualTo(canvasId);
    return socket;
  }

  private static boolean ephemeral(JsonNode frame) {
    return List.of("presence", "cursor").contains(frame.path("type").asText());
  }

  @Test
  void twoEditorsSeeEachOthersEditsPresenceAndCursors() {
    String canvasId = createCanvas(admin);
    String editor = node.token("dev", Role.EDITOR);
    try (LiveSocket alice = subscribed(canvasId, admin)) {
      try (LiveSocket bob = subscribed(canvasId, editor)) {
        seeEachOther(canvasId, alice, bob);
      }
      JsonNode alone = alice.next("presence", f -> false);
      assertThat(alone.path("users").findValuesAsText("subject")).containsExactly("dev-user");
    }
  }

  private static void seeEachOther(String canvasId, LiveSocket alice, LiveSocket bob) {
    JsonNode together = alice.next("presence", f -> false);
    while (together.path("users").size() < 2) {
      together = alice.next("presence", f -> false);
    }
    assertThat(together.path("users").findValuesAsText("subject"))
        .containsExactlyInAnyOrder("dev-user", "user-dev");

    alice.send(
        Map.of(
            "type", "op", "id", "o1", "baseVersion", 0, "ops", List.of(textBlock("b1", "Hello"))));
    // The event comes by the live path, the ack once the service has the entity's answer: in
    // either order.
    Map<String, JsonNode> answered = new HashMap<>();
    while (answered.size() < 2) {
      JsonNode frame = alice.next();
      if (!ephemeral(frame)) {
        assertThat(answered.put(frame.path("type").asText(), frame)).isNull();
      }
    }
    assertThat(answered.get("ack").path("id").asText()).isEqualTo("o1");
    assertThat(answered.get("ack").path("version").asLong()).isEqualTo(1);
    assertThat(answered.get("event").path("seq").asLong()).isEqualTo(2);
    for (LiveSocket socket : List.of(bob)) {
      JsonNode event =
          socket.next("event", f -> ephemeral(f) || f.path("type").asText().equals("ack"));
      assertThat(event.path("pid").asText()).isEqualTo("Canvas|dev:" + canvasId);
      assertThat(event.path("seq").asLong()).isEqualTo(2);
      assertThat(event.path("event").path("type").asText()).isEqualTo("OpsApplied");
      assertThat(
              event
                  .path("event")
                  .path("data")
                  .path("changes")
                  .path("blocks")
                  .get(0)
                  .path("blockId")
                  .asText())
          .isEqualTo("b1");
    }

    bob.send(Map.of("type", "cursor", "x", 120, "y", 48, "blockId", "b1"));
    JsonNode cursor = alice.next("cursor", f -> f.path("type").asText().equals("presence"));
    assertThat(cursor.path("subject").asText()).isEqualTo("user-dev");
    assertThat(cursor.path("x").asInt()).isEqualTo(120);
    assertThat(cursor.path("blockId").asText()).isEqualTo("b1");
  }

  @Test
  void aSecondSubscribeReplacesTheFirstWithoutDuplicates() {
    String canvasId = createCanvas(admin);
    String pid = "Canvas|dev:" + canvasId;
    try (LiveSocket socket = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), admin)) {
      socket.send(Map.of("type", "subscribe"));
      socket.send(Map.of("type", "subscribe"));
      socket.next("snapshot", LiveStreamsIT::ephemeral);
      long position =
          socket.next("snapshot", LiveStreamsIT::ephemeral).path("positions").path(pid).asLong();

      long version = restOps(canvasId, 0, textBlock("b1", "one"));
      restOps(canvasId, version, textBlock("b2", "two"));

      assertThat(socket.next("event", LiveStreamsIT::ephemeral).path("seq").asLong())
          .isEqualTo(position + 1);
      assertThat(socket.next("event", LiveStreamsIT::ephemeral).path("seq").asLong())
          .isEqualTo(position + 2);
    }
  }

  @Test
  void aStaleOpIsAConflictThatNamesWhatChangedSince() {
    String canvasId = createCanvas(admin);
    restOps(canvasId, 0, textBlock("b1", "first"));
    try (LiveSocket socket = subscribed(canvasId, admin)) {
      socket.send(
          Map.of(
              "type", "op", "id", "late", "baseVersion", 0, "ops", List.of(textBlock("b2", "x"))));
      JsonNode conflict =
          socket.next("error", f -> ephemeral(f) || f.path("type").asText().equals("event"));
      assertThat(conflict.path("code").asText()).isEqualTo("conflict");
      assertThat(conflict.path("id").asText()).isEqualTo("late");
      assertThat(conflict.path("version").asLong()).isEqualTo(1);
      assertThat(conflict.path("since").get(0).path("version").asLong()).isEqualTo(1);
    }
  }

  @Test
  void aClientResumesWhileEditsKeepFlowingWithoutLossOrDuplicates() {
    String canvasId = createCanvas(admin);
    String pid = "Canvas|dev:" + canvasId;
    long version = restOps(canvasId, 0, textBlock("b0", "before"));
    long lastSeq;
    try (LiveSocket first = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), admin)) {
      first.send(Map.of("type", "subscribe"));
      lastSeq =
          first.next("snapshot", LiveStreamsIT::ephemeral).path("positions").path(pid).asLong();
    }
    for (int i = 1; i <= 5; i++) {
      version = restOps(canvasId, version, textBlock("b" + i, "while away " + i));
    }
    try (LiveSocket again = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), admin)) {
      again.send(Map.of("type", "subscribe", "resume", Map.of(pid, lastSeq)));
      List<Long> seqs = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        seqs.add(again.next("event", LiveStreamsIT::ephemeral).path("seq").asLong());
      }
      version = restOps(canvasId, version, textBlock("b6", "after"));
      seqs.add(again.next("event", LiveStreamsIT::ephemeral).path("seq").asLong());

      assertThat(seqs)
          .containsExactly(
              lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4, lastSeq + 5, lastSeq + 6);
    }
  }

  @Test
  void anAskStreamsTheTasksEventsToTheCanvas() {
    String canvasId = createCanvas(admin);
    restOps(canvasId, 0, textBlock("b1", "Spring is here. Unsubscribe: https://acme.com/u"));
    try (LiveSocket socket = subscribed(canvasId, admin)) {
      socket.send(Map.of("type", "ask", "id", "q1", "agent", "compliance", "blockId", "b1"));
      String taskId = null;
      String asked = null;
      List<JsonNode> taskEvents = new ArrayList<>();
      while (taskId == null
          || taskEvents.isEmpty()
          || !taskEvents
              .get(taskEvents.size() - 1)
              .path("event")
              .path("type")
              .asText()
              .equals("TaskFinished")) {
        JsonNode frame = socket.next();
        switch (frame.path("type").asText()) {
          case "ack" -> taskId = frame.path("taskId").asText();
          case "event" -> {
            if (frame.path("pid").asText().equals("Canvas|dev:" + canvasId)) {
              asked = frame.path("event").path("data").path("taskId").asText();
            } else {
              taskEvents.add(frame);
            }
          }
          default -> assertThat(ephemeral(frame)).as("unexpected %s", frame).isTrue();
        }
      }
      assertThat(asked).isEqualTo(taskId);
      for (int i = 0; i < taskEvents.size(); i++) {
        assertThat(taskEvents.get(i).path("pid").asText()).isEqualTo("Task|dev:" + taskId);
        assertThat(taskEvents.get(i).path("seq").asLong()).isEqualTo(i + 1);
      }
      assertThat(taskEvents.get(0).path("event").path("type").asText()).isEqualTo("TaskSubmitted");
    }
  }

  /** Sets the block "big" to 9 KB of text, the {@code n}th time; answers the new version. */
  private static long bigUpdate(String canvasId, long version, int n) {
    return restOps(
        canvasId,
        version,
        Map.of(
            "op",
            "updateBlock",
            "blockId",
            "big",
            "content",
            Map.of("text", "x".repeat(9_000) + n)));
  }

  @Test
  void aClientThatReadsTooSlowlyGetsResyncAndCatchesUpFromTheJournal() {
    String canvasId = createCanvas(admin);
    String pid = "Canvas|dev:" + canvasId;
    long version = restOps(canvasId, 0, textBlock("big", "start"));
    try (LiveSocket slow = LiveSocket.paused(node.socket("/ws/canvas/" + canvasId), admin)) {
      slow.send(Map.of("type", "subscribe"));
      for (int i = 0; i < 600; i++) {
        version = bigUpdate(canvasId, version, i);
      }
      slow.read(Long.MAX_VALUE);
      long last = 0;
      while (true) {
        JsonNode frame = slow.next();
        String type = frame.path("type").asText();
        if (type.equals("resync")) {
          break;
        }
        if (type.equals("event")) {
          assertThat(frame.path("seq").asLong())
              .isEqualTo(last == 0 ? frame.path("seq").asLong() : last + 1);
          last = frame.path("seq").asLong();
        } else if (type.equals("snapshot")) {
          last = frame.path("positions").path(pid).asLong();
        }
      }
      slow.send(Map.of("type", "subscribe", "resume", Map.of(pid, last)));
      long finalSeq = version + 1;
      while (last < finalSeq) {
        JsonNode event = slow.next("event", LiveStreamsIT::ephemeral);
        assertThat(event.path("seq").asLong()).isEqualTo(last + 1);
        last = event.path("seq").asLong();
      }
    }
  }

  @Test
  void aSlowClientsResyncLeavesTheOthersOnTheCanvasUntouchedAndALateClientCatchesUp() {
    String canvasId = createCanvas(admin);
    String pid = "Canvas|dev:" + canvasId;
    long version = restOps(canvasId, 0, textBlock("big", "start"));
    try (LiveSocket slow = LiveSocket.paused(node.socket("/ws/canvas/" + canvasId), admin);
        LiveSocket fast = subscribed(canvasId, admin)) {
      slow.send(Map.of("type", "subscribe"));
      long start = version + 2;
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        version = bigUpdate(canvasId, version, i);
        if (i == 300) {
          try (LiveSocket late = LiveSocket.open(node.socket("/ws/canvas/" + canvasId), admin)) {
            late.send(Map.of("type", "subscribe", "resume", Map.of(pid, 1)));
            for (long seq = 2; seq <= version + 1; seq++) {
              assertThat(late.next("event", LiveStreamsIT::ephemeral).path("seq").asLong())
                  .isEqualTo(seq);
            }
          }
        }
      }
      long finalSeq = version + 1;
      while (seen.isEmpty() || seen.get(seen.size() - 1) < finalSeq) {
        seen.add(fast.next("event", LiveStreamsIT::ephemeral).path("seq").asLong());
      }
      assertThat(seen).first().isEqualTo(start);
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i)).as("event %d", i).isEqualTo(seen.get(i - 1) + 1);
      }

      slow.read(Long.MAX_VALUE);
      assertThat(slow.next("resync", f -> !f.path("type").asText().equals("resync"))).isNotNull();
    }
  }

  @Test
  void aModuleThatPublishesOnALayerReachesEveryoneOnTheCanvas() {
    String canvasId = createCanvas(admin);
    try (LiveSocket socket = subscribed(canvasId, admin)) {
      // Layer data is ephemeral: published before the socket's subscription is in place, it is
      // gone, as its source publishes it again. So does the test.
      CanvasLayers layers = new CanvasLayers(node.node().system());
      JsonNode layer =
          await()
              .atMost(LiveSocket.WAIT)
              .until(
                  () -> {
                    layers.publish(
                        "dev",
                        canvasId,
                        LayerName.PERFORMANCE,
                        "b1",
                        Json.MAPPER.createObjectNode().put("openRate", 0.31));
                    return socket.poll(Duration.ofMillis(200), "layer");
                  },
                  frame -> frame != null);
      assertThat(layer.path("layer").asText()).isEqualTo("performance");
      assertThat(layer.path("blockId").asText()).isEqualTo("b1");
      assertThat(layer.path("data").path("openRate").asDouble()).isEqualTo(0.31);
    }
  }
}
