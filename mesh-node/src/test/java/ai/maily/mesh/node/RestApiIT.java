package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingQuery;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST API of a running node: the task flow, every error class, and tenant isolation. */
class RestApiIT {

  static final String EMAIL_INPUT =
      """
      {"email": {"from": "Acme Outdoor <news@acme.com>",
                 "subject": "{{ first_name | default: 'Hi' }}, your trail guide",
                 "html": "<p>Hello {{ first_name }}</p><p>Acme, 1 Main St, Springfield</p><a href='https://acme.com/unsubscribe'>Unsubscribe</a>",
                 "text": "Hello. Unsubscribe: https://acme.com/unsubscribe"},
       "audience": {"fields": ["first_name"], "segments": [{"name": "hikers", "values": {"first_name": "Dana"}}]}}
      """;

  private static TestNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    admin = node.devToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String submitBody(String source, String extra) {
    return "{" + source + ", \"input\": " + EMAIL_INPUT + extra + "}";
  }

  /** Submits the playbook named {@code playbook} on the email input; returns the task id. */
  private static String submitPlaybook(String playbook) {
    String source = "\"playbook\": \"" + playbook + "\"";
    return TestNode.json(node.post("/tasks", admin, submitBody(source, "")))
        .path("taskId")
        .asText();
  }

  static JsonNode awaitTask(TestNode node, String token, String taskId, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> TestNode.json(node.get("/tasks/" + taskId, token)),
            task -> task.path("status").asText().equals(status));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = TestNode.json(response);
    assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:" + type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).isNotBlank();
  }

  @Test
  void runsAPlaybookToCompletionAndServesItsEvents() {
    var submitted = node.post("/tasks", admin, submitBody("\"playbook\": \"email-check\"", ""));

    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String taskId = TestNode.json(submitted).path("taskId").asText();
    assertThat(submitted.headers().firstValue("Location")).hasValue("/api/v1/tasks/" + taskId);

    JsonNode task = awaitTask(node, admin, taskId, "COMPLETED");
    assertThat(task.path("playbook").asText()).isEqualTo("email-check");
    assertThat(task.path("steps")).hasSize(2);
    for (JsonNode step : task.path("steps")) {
      assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED");
      assertThat(step.path("attempts").asInt()).isEqualTo(1);
    }
    assertThat(task.path("result").path("compliance").path("score").isNumber()).isTrue();
    assertThat(
            task.path("result")
                .path("personalize")
                .path("variants")
                .get(0)
                .path("subject")
                .asText())
        .isEqualTo("Dana, your trail guide");

    JsonNode events = TestNode.json(node.get("/tasks/" + taskId + "/events", admin));
    List<String> types =
        events.path("events").findValues("type").stream().map(JsonNode::asText).toList();
    assertThat(types).startsWith("TaskSubmitted").endsWith("TaskFinished");
    long next = events.path("next").asLong();
    JsonNode after = TestNode.json(node.get("/tasks/" + taskId + "/events?after=2", admin));
    assertThat(after.path("events").get(0).path("seq").asLong()).isEqualTo(3);
    assertThat(after.path("next").asLong()).isEqualTo(next);
  }

  @Test
  void readingAFinishedTaskLeavesItsEntityAsleep() {
    String taskId = submitPlaybook("email-check");
    awaitTask(node, admin, taskId, "COMPLETED");
    await().atMost(Duration.ofSeconds(10)).until(() -> !taskEntityRuns(node, taskId));

    for (int read = 0; read < 3; read++) {
      JsonNode task = TestNode.json(node.get("/tasks/" + taskId, admin));
      assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
      assertThat(task.path("result").path("compliance").path("score").isNumber()).isTrue();
    }
    assertThat(TestNode.json(node.get("/tasks/" + taskId + "/events", admin)).path("events"))
        .isNotEmpty();

    assertThat(taskEntityRuns(node, taskId)).isFalse();
  }

  /** Whether the coordinator entity of {@code taskId} runs on {@code node} now. */
  static boolean taskEntityRuns(TestNode node, String taskId) {
    ActorSystem<Void> system = node.node().system();
    ShardRegion.CurrentShardRegionState state =
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
                ClusterSharding.get(system).shardState(),
                replyTo -> new GetShardRegionState(TaskCoordinator.ENTITY_KEY, replyTo),
                Duration.ofSeconds(5),
                system.scheduler())
            .toCompletableFuture()
            .join();
    return state.getShards().stream()
        .flatMap(shard -> shard.getEntityIds().stream())
        .anyMatch(entityId -> entityId.endsWith(":" + taskId));
  }

  @Test
  void anApprovalParksTheTaskUntilSomeoneApproves() {
    String plan =
        """
        "plan": {"steps": [
          {"id": "check", "agent": "compliance"},
          {"id": "approve", "kind": "approval", "dependsOn": ["check"]}]}""";
    String taskId =
        TestNode.json(node.post("/tasks", admin, submitBody(plan, ""))).path("taskId").asText();
    awaitTask(node, admin, taskId, "AWAITING_APPROVAL");

    var approved =
        node.post(
            "/tasks/" + taskId + "/approvals/approve",
            admin,
            Map.of("decision", "approve", "comment", "ship it"));

    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode task = TestNode.json(approved);
    assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(task.path("steps").get(1).path("output").path("comment").asText())
        .isEqualTo("ship it");
    assertProblem(
        node.post("/tasks/" + taskId + "/approvals/approve", admin, Map.of("decision", "approve")),
        409,
        "conflict");
  }

  @Test
  void refusesAtOnceTextTheJournalCannotStoreAndTheTaskStillAnswers() {
    String plan = "\"plan\": {\"steps\": [{\"id\": \"approve\", \"kind\": \"approval\"}]}";
    String lone = "\"x\\ud800\"";
    assertProblem(
        node.post("/tasks", admin, submitBody(plan, ", \"idempotencyKey\": " + lone)),
        400,
        "invalid-plan");
    String taskId =
        TestNode.json(node.post("/tasks", admin, submitBody(plan, ""))).path("taskId").asText();
    awaitTask(node, admin, taskId, "AWAITING_APPROVAL");

    HttpResponse<String> badReason =
        node.post("/tasks/" + taskId + "/cancel", admin, "{\"reason\": " + lone + "}");
    HttpResponse<String> badComment =
        node.post(
            "/tasks/" + taskId + "/approvals/approve",
            admin,
            "{\"decision\": \"reject\", \"comment\": " + lone + "}");

    assertProblem(badReason, 400, "invalid-request");
    assertThat(TestNode.json(badReason).path("errors").get(0).path("field").asText())
        .isEqualTo("reason");
    assertProblem(badComment, 400, "invalid-request");
    var cancelled = node.post("/tasks/" + taskId + "/cancel", admin, "{\"reason\": \"done\"}");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    assertThat(TestNode.json(cancelled).path("status").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void theSameIdempotencyKeyReturnsTheExistingTask() {
    String body = submitBody("\"playbook\": \"email-check\"", ", \"idempotencyKey\": \"order-42\"");

    var first = node.post("/tasks", admin, body);
    var second = node.post("/tasks", admin, body);
    var changed =
        node.post(
            "/tasks",
            admin,
            submitBody("\"playbook\": \"email-release\"", ", \"idempotencyKey\": \"order-42\""));

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(TestNode.json(second).path("taskId").asText())
        .isEqualTo(TestNode.json(first).path("taskId").asText());
    assertThat(TestNode.json(second).path("created").asBoolean()).isFalse();
    assertProblem(changed, 409, "conflict");
  }

  @Test
  void cancelMarksUnfinishedStepsCancelled() {
    String taskId = submitPlaybook("email-release");
    awaitTask(node, admin, taskId, "AWAITING_APPROVAL");

    var cancelled =
        node.post("/tasks/" + taskId + "/cancel", admin, Map.of("reason", "wrong list"));

    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
    JsonNode task = TestNode.json(cancelled);
    assertThat(task.path("status").asText()).isEqualTo("CANCELLED");
    assertThat(task.path("steps").get(2).path("status").asText()).isEqualTo("CANCELLED");
    assertThat(task.path("reasons").get(0).asText()).contains("wrong list");
    assertProblem(node.post("/tasks/" + taskId + "/cancel", admin, "{}"), 409, "conflict");
  }

  @Test
  void anInvalidPlanIsRejectedWithEveryProblemListed() {
    String plan =
        """
        "plan": {"steps": [
          {"id": "a", "agent": "nobody"},
          {"id": "b", "agent": "compliance", "dependsOn": ["c", "ghost"]},
          {"id": "c", "agent": "compliance", "dependsOn": ["b"]},
          {"id": "c", "agent": "personalizer"}]}""";

    var response = node.post("/tasks", admin, submitBody(plan, ""));

    assertProblem(response, 400, "invalid-plan");
    List<String> messages =
        TestNode.json(response).path("errors").findValues("message").stream()
            .map(JsonNode::asText)
            .toList();
    assertThat(messages)
        .anySatisfy(m -> assertThat(m).contains("unknown agent 'nobody'"))
        .anySatisfy(m -> assertThat(m).contains("unknown dependency 'ghost'"))
        .anySatisfy(m -> assertThat(m).contains("duplicate step id 'c'"))
        .anySatisfy(m -> assertThat(m).contains("cycle"));
  }

  @Test
  void badRequestsGetProblemsOfTheirClass() {
    assertProblem(node.post("/tasks", admin, "{not json"), 400, "invalid-request");
    assertProblem(
        node.post("/tasks", admin, submitBody("\"playbook\": \"nope\"", "")), 400, "invalid-plan");
    assertProblem(
        node.post("/tasks", admin, "{\"playbook\": \"email-check\", \"input\": 42}"),
        400,
        "invalid-plan");
    assertProblem(
        node.post("/tasks", admin, submitBody("\"playbook\": \"email-check\"", ", \"extra\": 1")),
        400,
        "invalid-request");
    assertProblem(node.get("/tasks/x/events?after=-1", admin), 400, "invalid-request");
  }

  @Test
  void authenticationAndRolesAreEnforced() {
    var anonymous = node.send(HttpRequest.newBuilder(node.api("/playbooks")).build());
    assertProblem(anonymous, 401, "unauthorized");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
    assertProblem(node.get("/playbooks", "not-a-jwt"), 401, "unauthorized");
    String forged = admin.substring(0, admin.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
    assertProblem(node.get("/playbooks", forged), 401, "unauthorized");

    String viewer = node.token("dev", Role.VIEWER);
    assertThat(node.get("/playbooks", viewer).statusCode()).isEqualTo(200);
    assertProblem(
        node.post("/tasks", viewer, submitBody("\"playbook\": \"email-check\"", "")),
        403,
        "forbidden");
  }

  @Test
  void unknownResourcesMethodsAndMediaTypesAreRejected() {
    assertProblem(node.get("/tasks/00000000-0000-0000-0000-000000000000", admin), 404, "not-found");
    assertProblem(node.get("/nothing-here", admin), 404, "not-found");
    assertProblem(node.get("/agents/nobody", admin), 404, "not-found");
    assertProblem(
        node.send(
            HttpRequest.newBuilder(node.api("/playbooks"))
                .header("Authorization", "Bearer " + admin)
                .DELETE()
                .build()),
        405,
        "method-not-allowed");
    assertProblem(
        node.send(
            HttpRequest.newBuilder(node.api("/tasks"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("playbook=email-check"))
                .build()),
        415,
        "unsupported-media-type");
    String huge = "{\"input\": {\"blob\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
    assertProblem(node.post("/tasks", admin, huge), 413, "payload-too-large");
  }

  @Test
  void aTenantCannotSeeAnotherTenantsTasks() {
    String taskId = submitPlaybook("email-check");
    String other = node.token("globex", Role.ADMIN);

    assertProblem(node.get("/tasks/" + taskId, other), 404, "not-found");
    assertProblem(node.get("/tasks/" + taskId + "/events", other), 404, "not-found");
    assertProblem(node.post("/tasks/" + taskId + "/cancel", other, "{}"), 404, "not-found");
    assertThat(node.get("/tasks/" + taskId, admin).statusCode()).isEqualTo(200);
  }

  @Test
  void listsPlaybooksAndAgentsWithTheirState() {
    JsonNode playbooks = TestNode.json(node.get("/playbooks", admin));
    assertThat(playbooks.path("playbooks").findValuesAsText("name"))
        .contains("email-check", "email-release");

    String tenant = "agents-view";
    String token = node.token(tenant, Role.EDITOR);
    String taskId =
        TestNode.json(node.post("/tasks", token, submitBody("\"playbook\": \"email-check\"", "")))
            .path("taskId")
            .asText();
    awaitTask(node, token, taskId, "COMPLETED");

    JsonNode agents = TestNode.json(node.get("/agents", token));
    assertThat(agents.path("agents").findValuesAsText("name"))
        .contains("compliance", "personalizer");
    JsonNode compliance = TestNode.json(node.get("/agents/compliance", token));
    assertThat(compliance.path("processed").asLong()).isEqualTo(1);
    assertThat(compliance.path("agent").path("breaker").path("state").asText()).isEqualTo("CLOSED");
    assertThat(compliance.path("instances")).isNotEmpty();
  }

  @Test
  void managementReportsHealthAndCluster() {
    assertThat(
            node.send(HttpRequest.newBuilder(node.management("/health/alive")).build())
                .statusCode())
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                node.send(HttpRequest.newBuilder(node.management("/health/ready")).build())
                    .statusCode(),
            status -> status == 200);
    JsonNode members =
        TestNode.json(
            node.send(HttpRequest.newBuilder(node.management("/cluster/members")).build()));
    assertThat(members.path("members").get(0).path("status").asText()).isEqualTo("Up");
    var shards = node.send(HttpRequest.newBuilder(node.management("/cluster/shards/Task")).build());
    assertThat(shards.statusCode()).isEqualTo(200);
  }
}
