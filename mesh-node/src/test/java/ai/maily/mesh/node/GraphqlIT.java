package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GraphQL on a running node: queries, mutations and their errors over {@code POST /graphql} (tasks
 * and canvases, a canvas's conflict among them), the limits, tenants kept apart, a task's events
 * over {@code /graphql/ws} to its end and a canvas's as they are written, with the close codes of
 * graphql-transport-ws.
 */
class GraphqlIT {

  private static final String APPROVAL_PLAN =
      """
      {"steps": [
        {"id": "check", "agent": "compliance"},
        {"id": "approve", "kind": "approval", "dependsOn": ["check"]}]}""";

  private static final String SUBMIT =
      """
      mutation Submit($input: SubmitTaskInput!) {
        submitTask(input: $input) { taskId status created task { taskId tenant } }
      }""";

  private static final String TASK_EVENTS =
      "subscription Events($taskId: ID!) { taskEvents(taskId: $taskId) { seq type at data } }";

  private static final String CREATE_CANVAS =
      "mutation C($title: String!) { createCanvas(title: $title) { canvasId title version seq } }";

  private static final String APPLY_OPS =
      """
      mutation A($id: ID!, $base: Long!, $ops: JSON!, $op: String) {
        applyOps(canvasId: $id, baseVersion: $base, ops: $ops, clientOpId: $op) {
          version
          changes { blocks { blockId deleted block { id type y content { text } } } }
        }
      }""";

  private static final String CANVAS_EVENTS =
      "subscription Events($id: ID!, $after: Long!) {"
          + " canvasEvents(canvasId: $id, after: $after) { pid seq type at data } }";

  private static TestNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            ConfigFactory.parseMap(
                Map.of(
                    "mesh.graphql.ws.connection-init-timeout", "1s",
                    "mesh.graphql.ws.max-subscriptions", 2,
                    "mesh.graphql.ws.max-message-length", 65536)));
    admin = node.devToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> post(String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.node().httpPort() + "/graphql"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return node.send(request.build());
  }

  /** The result of {@code query}, which the node answers 200 whatever its errors. */
  private static JsonNode graphql(String token, String query, Map<String, ?> variables) {
    HttpResponse<String> response =
        post(
            token,
            Json.MAPPER.valueToTree(Map.of("query", query, "variables", variables)).toString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return TestNode.json(response);
  }

  private static JsonNode graphql(String token, String query) {
    return graphql(token, query, Map.of());
  }

  private static Map<String, Object> submission(String playbook, String plan) throws Exception {
    Map<String, Object> input = new HashMap<>();
    if (playbook != null) {
      input.put("playbook", playbook);
    }
    if (plan != null) {
      input.put("plan", Json.MAPPER.readTree(plan));
    }
    input.put("input", Json.MAPPER.readTree(RestApiIT.EMAIL_INPUT));
    return Map.of("input", input);
  }

  /** Submits through the mutation; returns the task id. */
  private static String submit(String token, String playbook, String plan) throws Exception {
    JsonNode result = graphql(token, SUBMIT, submission(playbook, plan));
    assertThat(result.path("errors").isMissingNode()).as(result.toString()).isTrue();
    return result.path("data").path("submitTask").path("taskId").asText();
  }

  private static JsonNode awaitStatus(String token, String taskId, String status) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                graphql(
                        token,
                        "query T($id: ID!) { task(id: $id) { status steps { id status attempts"
                            + " output } result } }",
                        Map.of("id", taskId))
                    .path("data")
                    .path("task"),
            task -> task.path("status").asText().equals(status));
  }

  /** Creates a canvas through the mutation; returns its id. */
  private static String createCanvas(String token, String title) {
    JsonNode result = graphql(token, CREATE_CANVAS, Map.of("title", title));
    assertThat(result.path("errors").isMissingNode()).as(result.toString()).isTrue();
    return result.path("data").path("createCanvas").path("canvasId").asText();
  }

  /** Applies {@code ops} (JSON with single quotes) as the request {@code clientOpId}. */
  private static JsonNode applyOps(
      String token, String canvasId, long base, String clientOpId, String ops) throws Exception {
    return graphql(
        token,
        APPLY_OPS,
        Map.of(
            "id",
            canvasId,
            "base",
            base,
            "op",
            clientOpId,
            "ops",
            Json.MAPPER.readTree(ops.replace('\'', '"'))));
  }

  private static String addText(String id, int y, String text) {
    return "{'op': 'addBlock', 'block': {'id': '"
        + id
        + "', 'type': 'text', 'x': 0, 'y': "
        + y
        + ", 'w': 600, 'h': 40, 'content': {'text': '"
        + text
        + "'}}}";
  }

  /** The canvas events of the next {@code count} messages of subscription {@code id}. */
  private static List<JsonNode> canvasEvents(GraphqlSocket socket, String id, int count) {
    List<JsonNode> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      JsonNode message = socket.next();
      assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("next");
      assertThat(message.path("id").asText()).isEqualTo(id);
      events.add(message.path("payload").path("data").path("canvasEvents"));
    }
    return events;
  }

  private static JsonNode onlyError(JsonNode result) {
    assertThat(result.path("errors")).as(result.toString()).hasSize(1);
    return result.path("errors").get(0);
  }

  @Test
  void answersTheCatalogAsRestDoes() {
    JsonNode data =
        graphql(
                admin,
                "{ agents { name inputSchema breaker { state consecutiveFailures } }"
                    + " agent(type: \"compliance\") { agent { name } processed instances { slot status } }"
                    + " playbooks { name description plan { steps { id kind agent dependsOn } } } }")
            .path("data");

    assertThat(data.path("agents").findValuesAsText("name")).contains("compliance", "personalizer");
    assertThat(data.path("agents").get(0).path("breaker").path("state").asText())
        .isEqualTo("CLOSED");
    assertThat(data.path("agent").path("agent").path("name").asText()).isEqualTo("compliance");
    assertThat(data.path("agent").path("instances")).isNotEmpty();
    assertThat(data.path("playbooks").findValuesAsText("name")).contains("email-check");
    assertThat(
            data.path("playbooks").get(0).path("plan").path("steps").get(0).path("kind").asText())
        .isIn("AGENT", "APPROVAL");
  }

  @Test
  void aSubmittedTaskRunsToCompletion() throws Exception {
    JsonNode submitted = graphql(admin, SUBMIT, submission("email-check", null)).path("data");

    assertThat(submitted.path("submitTask").path("created").asBoolean()).isTrue();
    assertThat(submitted.path("submitTask").path("task").path("tenant").asText()).isEqualTo("dev");
    String taskId = submitted.path("submitTask").path("taskId").asText();
    JsonNode task = awaitStatus(admin, taskId, "COMPLETED");
    assertThat(task.path("steps")).hasSize(2);
    assertThat(task.path("steps").findValuesAsText("status")).containsOnly("SUCCEEDED");
    assertThat(task.path("result").path("compliance").path("score").isNumber()).isTrue();
  }

  @Test
  void aninvalidPlanIsAnErrorWithEveryViolation() throws Exception {
    JsonNode result =
        graphql(
            admin,
            SUBMIT,
            submission(null, "{\"steps\": [{\"id\": \"a\", \"agent\": \"nobody\"}]}"));

    JsonNode error = onlyError(result);
    assertThat(error.path("extensions").path("type").asText())
        .isEqualTo("urn:maily:problem:invalid-plan");
    assertThat(error.path("extensions").path("status").asInt()).isEqualTo(400);
    assertThat(error.path("extensions").path("violations").findValuesAsText("message"))
        .anySatisfy(m -> assertThat(m).contains("unknown agent 'nobody'"));
    assertThat(result.path("data").isNull()).isTrue();
  }

  @Test
  void approvesAndCancelsThroughMutations() throws Exception {
    String approved = submit(admin, null, APPROVAL_PLAN);
    String cancelled = submit(admin, null, APPROVAL_PLAN);
    awaitStatus(admin, approved, "AWAITING_APPROVAL");
    awaitStatus(admin, cancelled, "AWAITING_APPROVAL");

    JsonNode approval =
        graphql(
            admin,
            "mutation A($id: ID!) { approve(taskId: $id, stepId: \"approve\", decision: APPROVE,"
                + " comment: \"ship it\") { status steps { id output } } }",
            Map.of("id", approved));
    JsonNode cancel =
        graphql(
            admin,
            "mutation C($id: ID!) { cancelTask(taskId: $id, reason: \"wrong list\") { status reasons } }",
            Map.of("id", cancelled));

    assertThat(approval.path("data").path("approve").path("status").asText())
        .isEqualTo("COMPLETED");
    assertThat(
            approval
                .path("data")
                .path("approve")
                .path("steps")
                .get(1)
                .path("output")
                .path("comment")
                .asText())
        .isEqualTo("ship it");
    assertThat(cancel.path("data").path("cancelTask").path("status").asText())
        .isEqualTo("CANCELLED");
    assertThat(cancel.path("data").path("cancelTask").path("reasons").get(0).asText())
        .contains("wrong list");
  }

  @Test
  void listsTheCallersTasksNewestIdFirstAPageAtATime() throws Exception {
    String token = node.token("lister", Role.EDITOR);
    List<String> submitted = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      submitted.add(submit(token, null, APPROVAL_PLAN));
    }
    String page =
        "query P($after: ID) { tasks(first: 2, after: $after) { next tasks { taskId status } } }";

    Map<String, Object> none = new HashMap<>();
    none.put("after", null);
    JsonNode first = graphql(token, page, none).path("data").path("tasks");
    JsonNode second =
        graphql(token, page, Map.of("after", first.path("next").asText()))
            .path("data")
            .path("tasks");

    List<String> listed = new ArrayList<>(first.path("tasks").findValuesAsText("taskId"));
    listed.addAll(second.path("tasks").findValuesAsText("taskId"));
    assertThat(first.path("tasks")).hasSize(2);
    assertThat(second.path("tasks")).hasSize(1);
    assertThat(second.path("next").isNull()).isTrue();
    assertThat(listed).isEqualTo(submitted.stream().sorted(Comparator.reverseOrder()).toList());
    assertThat(first.path("tasks").get(0).path("status").asText()).isNotEmpty();
  }

  @Test
  void refusesARequestWithoutATokenAsRestDoes() {
    HttpResponse<String> response = post(null, "{\"query\": \"{ playbooks { name } }\"}");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(TestNode.json(response).path("type").asText())
        .isEqualTo("urn:maily:problem:unauthorized");
  }

  @Test
  void refusesAMalformedRequestAsAProblem() {
    HttpResponse<String> response = post(admin, "{\"variables\": {}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestNode.json(response).path("errors").get(0).path("field").asText())
        .isEqualTo("query");
  }

  @Test
  void aViewerReadsButMayNotSubmit() throws Exception {
    String viewer = node.token("dev", Role.VIEWER);

    JsonNode read = graphql(viewer, "{ playbooks { name } }");
    JsonNode refused = graphql(viewer, SUBMIT, submission("email-check", null));

    assertThat(read.path("data").path("playbooks")).isNotEmpty();
    JsonNode error = onlyError(refused);
    assertThat(error.path("extensions").path("type").asText())
        .isEqualTo("urn:maily:problem:forbidden");
    assertThat(error.path("extensions").path("status").asInt()).isEqualTo(403);
    assertThat(error.path("path").get(0).asText()).isEqualTo("submitTask");
    assertThat(refused.path("data").isNull()).isTrue();
  }

  @Test
  void aTenantSeesNoneOfAnothersTasks() throws Exception {
    String acme = node.token("acme", Role.EDITOR);
    String globex = node.token("globex", Role.EDITOR);
    String taskId = submit(acme, null, APPROVAL_PLAN);

    JsonNode read =
        graphql(globex, "query T($id: ID!) { task(id: $id) { status } }", Map.of("id", taskId));
    JsonNode listed = graphql(globex, "{ tasks { tasks { taskId } } }");

    assertThat(read.path("data").path("task").isNull()).isTrue();
    assertThat(onlyError(read).path("extensions").path("type").asText())
        .isEqualTo("urn:maily:problem:not-found");
    assertThat(listed.path("data").path("tasks").path("tasks").findValuesAsText("taskId"))
        .doesNotContain(taskId);
    assertThat(
            graphql(acme, "{ tasks { tasks { taskId } } }")
                .path("data")
                .path("tasks")
                .path("tasks")
                .findValuesAsText("taskId"))
        .contains(taskId);
  }

  @Test
  void refusesQueriesTooDeepOrTooCostlyBeforeRunningThem() {
    String deep =
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType"
            + " { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } }";
    String page = "tasks(first: 50) { tasks { taskId status steps { id output } } }";

    JsonNode tooDeep = graphql(admin, deep);
    JsonNode tooCostly = graphql(admin, "{ a: " + page + " b: " + page + " c: " + page + " }");

    assertThat(onlyError(tooDeep).path("extensions").path("limit").asText()).isEqualTo("max-depth");
    assertThat(onlyError(tooCostly).path("extensions").path("limit").asText())
        .isEqualTo("max-complexity");
    assertThat(onlyError(tooCostly).path("extensions").path("type").asText())
        .isEqualTo("urn:maily:problem:invalid-request");
    assertThat(tooCostly.path("data").isMissingNode()).isTrue();
  }

  @Test
  void aSubscriptionStreamsATasksEventsToItsEnd() throws Exception {
    String taskId = submit(admin, null, APPROVAL_PLAN);
    awaitStatus(admin, taskId, "AWAITING_APPROVAL");

    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.subscribe("events", TASK_EVENTS, Map.of("taskId", taskId));
      List<JsonNode> events = new ArrayList<>();
      JsonNode message = socket.next();
      while (!message
          .path("payload")
          .path("data")
          .path("taskEvents")
          .path("type")
          .asText()
          .equals("ApprovalRequested")) {
        assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("next");
        events.add(message.path("payload").path("data").path("taskEvents"));
        message = socket.next();
      }
      events.add(message.path("payload").path("data").path("taskEvents"));

      graphql(
          admin,
          "mutation A($id: ID!) { approve(taskId: $id, stepId: \"approve\", decision: APPROVE) { status } }",
          Map.of("id", taskId));
      for (message = socket.next();
          message.path("type").asText().equals("next");
          message = socket.next()) {
        assertThat(message.path("id").asText()).isEqualTo("events");
        events.add(message.path("payload").path("data").path("taskEvents"));
      }

      assertThat(message.path("type").asText()).as(message.toString()).isEqualTo("complete");
      assertThat(message.path("id").asText()).isEqualTo("events");
      assertThat(events.get(0).path("type").asText()).isEqualTo("TaskSubmitted");
      assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("TaskFinished");
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).path("seq").asInt()).isEqualTo(i + 1);
        assertThat(events.get(i).path("at").asText()).isNotEmpty();
      }
    }
  }

  @Test
  void runsQueriesOverTheSocketTooAndReportsTheirErrors() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "?token=" + admin)) {
      socket.send(Map.of("type", "connection_init"));
      assertThat(socket.next().path("type").asText()).isEqualTo("connection_ack");

      socket.subscribe("q", "{ playbooks { name } }", Map.of());
      JsonNode next = socket.next();
      JsonNode complete = socket.next();
      socket.subscribe("bad", "{ nothing }", Map.of());
      JsonNode error = socket.next();

      assertThat(next.path("type").asText()).isEqualTo("next");
      assertThat(next.path("payload").path("data").path("playbooks")).isNotEmpty();
      assertThat(complete.path("type").asText()).isEqualTo("complete");
      assertThat(complete.path("id").asText()).isEqualTo("q");
      assertThat(error.path("type").asText()).isEqualTo("error");
      assertThat(error.path("id").asText()).isEqualTo("bad");
      assertThat(error.path("payload").get(0).path("message").asText()).contains("nothing");
      socket.send(Map.of("type", "ping"));
      assertThat(socket.next().path("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void anIdCompletedByTheClientMayBeUsedAgain() throws Exception {
    String taskId = submit(admin, null, APPROVAL_PLAN);
    awaitStatus(admin, taskId, "AWAITING_APPROVAL");

    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.subscribe("events", TASK_EVENTS, Map.of("taskId", taskId));
      assertThat(socket.next().path("payload").path("data").path("taskEvents").path("seq").asInt())
          .isEqualTo(1);
      socket.send(Map.of("type", "complete", "id", "events"));
      socket.subscribe("events", TASK_EVENTS, Map.of("taskId", taskId));

      JsonNode again = socket.next();
      while (again.path("payload").path("data").path("taskEvents").path("seq").asInt() != 1) {
        again = socket.next();
      }
      assertThat(again.path("type").asText()).isEqualTo("next");
    }
  }

  @Test
  void closesAConnectionThatDoesNotInitialiseInTime() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "")) {
      assertThat(socket.closeCode()).isEqualTo(4408);
    }
  }

  @Test
  void closesAConnectionWhoseTokenIsRefused() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "")) {
      socket.send(
          Map.of("type", "connection_init", "payload", Map.of("authorization", "Bearer nope")));
      assertThat(socket.closeCode()).isEqualTo(4403);
    }
  }

  @Test
  void closesAConnectionThatSubscribesBeforeItIsAcknowledged() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "")) {
      socket.subscribe("early", "{ playbooks { name } }", Map.of());
      assertThat(socket.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void closesAConnectionThatInitialisesTwice() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.send(Map.of("type", "connection_init"));
      assertThat(socket.closeCode()).isEqualTo(4429);
    }
  }

  @Test
  void closesAConnectionThatReusesARunningId() throws Exception {
    String taskId = submit(admin, null, APPROVAL_PLAN);

    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.subscribe("events", TASK_EVENTS, Map.of("taskId", taskId));
      socket.subscribe("events", TASK_EVENTS, Map.of("taskId", taskId));
      assertThat(socket.closeCode()).isEqualTo(4409);
    }
  }

  @Test
  void closesAConnectionThatSendsWhatTheProtocolHasNot() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.send(Map.of("type", "shout"));
      assertThat(socket.closeCode()).isEqualTo(4400);
    }
  }

  @Test
  void refusesAnOperationOverTheConnectionsLimitAndKeepsTheOthers() throws Exception {
    String taskId = submit(admin, null, APPROVAL_PLAN);

    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.subscribe("one", TASK_EVENTS, Map.of("taskId", taskId));
      socket.subscribe("two", TASK_EVENTS, Map.of("taskId", taskId));
      socket.subscribe("three", TASK_EVENTS, Map.of("taskId", taskId));

      JsonNode refused = socket.next();
      while (!refused.path("type").asText().equals("error")) {
        refused = socket.next();
      }
      assertThat(refused.path("id").asText()).isEqualTo("three");
      assertThat(refused.path("payload").get(0).path("extensions").path("type").asText())
          .isEqualTo("urn:maily:problem:invalid-request");
      socket.send(Map.of("type", "ping"));
      JsonNode pong = socket.next();
      while (!pong.path("type").asText().equals("pong")) {
        assertThat(pong.path("id").asText()).isIn("one", "two");
        pong = socket.next();
      }
    }
  }

  @Test
  void closesAConnectionThatSendsAMessageOverTheLimit() {
    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(admin)) {
      socket.subscribe("big", "{ playbooks { name } }" + " ".repeat(70_000), Map.of());
      assertThat(socket.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void aSubscriptionToAnotherTenantsTaskFindsNone() throws Exception {
    String taskId = submit(node.token("initech", Role.EDITOR), null, APPROVAL_PLAN);

    try (GraphqlSocket socket =
        GraphqlSocket.open(node, "").init(node.token("hooli", Role.VIEWER))) {
      socket.subscribe("theirs", TASK_EVENTS, Map.of("taskId", taskId));
      JsonNode next = socket.next();

      assertThat(next.path("type").asText()).as(next.toString()).isEqualTo("next");
      assertThat(next.path("payload").path("data").isNull()).isTrue();
      assertThat(
              next.path("payload").path("errors").get(0).path("extensions").path("type").asText())
          .isEqualTo("urn:maily:problem:not-found");
      assertThat(socket.next().path("type").asText()).isEqualTo("complete");
    }
  }

  @Test
  void createsListsAndReadsCanvases() {
    String token = node.token("painter", Role.EDITOR);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      created.add(createCanvas(token, "Sale " + i));
    }
    String page =
        "query P($after: ID) { canvases(first: 2, after: $after) { next canvases { canvasId title"
            + " createdBy createdAt } } }";
    Map<String, Object> fromStart = new HashMap<>();
    fromStart.put("after", null);

    JsonNode first =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> graphql(token, page, fromStart).path("data").path("canvases"),
                listed -> listed.path("canvases").size() == 2);
    JsonNode second =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    graphql(token, page, Map.of("after", first.path("next").asText()))
                        .path("data")
                        .path("canvases"),
                listed -> listed.path("canvases").size() == 1);
    JsonNode canvas =
        graphql(
                token,
                "query C($id: ID!) { canvas(id: $id) { canvasId title version seq blocks { id }"
                    + " layers { trust { visible opacity } } createdBy createdAt updatedAt"
                    + " asks { taskId } } }",
                Map.of("id", created.get(0)))
            .path("data")
            .path("canvas");

    List<String> listed = new ArrayList<>(first.path("canvases").findValuesAsText("canvasId"));
    listed.addAll(second.path("canvases").findValuesAsText("canvasId"));
    assertThat(listed).isEqualTo(created);
    assertThat(second.path("next").isNull()).isTrue();
    assertThat(first.path("canvases").get(0).path("title").asText()).isEqualTo("Sale 0");
    assertThat(first.path("canvases").get(0).path("createdBy").asText()).isEqualTo("user-painter");
    assertThat(canvas.path("canvasId").asText()).isEqualTo(created.get(0));
    assertThat(canvas.path("title").asText()).isEqualTo("Sale 0");
    assertThat(canvas.path("version").asLong()).isZero();
    assertThat(canvas.path("seq").asLong()).isEqualTo(1);
    assertThat(canvas.path("blocks")).isEmpty();
    assertThat(canvas.path("layers").path("trust").path("visible").asBoolean()).isTrue();
    assertThat(canvas.path("createdAt").asText()).isNotEmpty();
    assertThat(canvas.path("asks")).isEmpty();
  }

  @Test
  void appliesOpsAndAnswersAStaleBaseVersionWithAConflictCarryingWhatChangedSince()
      throws Exception {
    String token = node.token("drafts", Role.EDITOR);
    String canvasId = createCanvas(token, "Conflicts");
    JsonNode first = applyOps(token, canvasId, 0, "op-1", "[" + addText("intro", 0, "Hello") + "]");
    applyOps(
        token, canvasId, 1, "op-2", "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 10, 'y': 20}]");

    JsonNode stale =
        applyOps(token, canvasId, 0, "op-3", "[{'op': 'deleteBlock', 'blockId': 'intro'}]");

    JsonNode applied = first.path("data").path("applyOps");
    assertThat(applied.path("version").asLong()).isEqualTo(1);
    JsonNode change = applied.path("changes").path("blocks").get(0);
    assertThat(change.path("blockId").asText()).isEqualTo("intro");
    assertThat(change.path("deleted").asBoolean()).isFalse();
    assertThat(change.path("block").path("type").asText()).isEqualTo("TEXT");
    assertThat(change.path("block").path("content").path("text").asText()).isEqualTo("Hello");
    assertThat(stale.path("data").isNull()).isTrue();
    JsonNode conflict = onlyError(stale);
    assertThat(conflict.path("path").get(0).asText()).isEqualTo("applyOps");
    JsonNode extensions = conflict.path("extensions");
    assertThat(extensions.path("type").asText()).isEqualTo("urn:maily:problem:conflict");
    assertThat(extensions.path("code").asText()).isEqualTo("conflict");
    assertThat(extensions.path("status").asInt()).isEqualTo(409);
    assertThat(extensions.path("version").asLong()).isEqualTo(2);
    assertThat(extensions.path("since").findValuesAsText("version")).containsExactly("1", "2");
    assertThat(extensions.path("since").get(0).path("clientOpId").asText()).isEqualTo("op-1");
    assertThat(
            extensions
                .path("since")
                .get(1)
                .path("changes")
                .path("blocks")
                .get(0)
                .path("block")
                .path("x")
                .asDouble())
        .isEqualTo(10);
  }

  @Test
  void asksAnAgentAboutABlockAndNotesTheTaskOnTheCanvas() throws Exception {
    String token = node.token("askers", Role.EDITOR);
    String canvasId = createCanvas(token, "Asks");
    applyOps(token, canvasId, 0, "op-4", "[" + addText("intro", 0, "Hello") + "]");

    JsonNode asked =
        graphql(
            token,
            "mutation A($id: ID!) { askAgent(canvasId: $id, blockId: \"intro\","
                + " agent: \"compliance\") }",
            Map.of("id", canvasId));

    String taskId = asked.path("data").path("askAgent").asText();
    assertThat(taskId).as(asked.toString()).isNotEmpty();
    JsonNode canvas =
        graphql(
                token,
                "query C($id: ID!) { canvas(id: $id) { asks { taskId blockId agent playbook by } } }",
                Map.of("id", canvasId))
            .path("data")
            .path("canvas");
    assertThat(canvas.path("asks").get(0).path("taskId").asText()).isEqualTo(taskId);
    assertThat(canvas.path("asks").get(0).path("agent").asText()).isEqualTo("compliance");
    assertThat(canvas.path("asks").get(0).path("playbook").isNull()).isTrue();
    awaitStatus(token, taskId, "COMPLETED");
  }

  @Test
  void aViewerReadsACanvasButMayNotCreateOrChangeOne() throws Exception {
    String editor = node.token("gallery", Role.EDITOR);
    String viewer = node.token("gallery", Role.VIEWER);
    String canvasId = createCanvas(editor, "Look only");

    JsonNode read =
        graphql(viewer, "query C($id: ID!) { canvas(id: $id) { title } }", Map.of("id", canvasId));
    JsonNode create = graphql(viewer, CREATE_CANVAS, Map.of("title", "Mine"));
    JsonNode apply = applyOps(viewer, canvasId, 0, "op-5", "[" + addText("intro", 0, "Hi") + "]");

    assertThat(read.path("data").path("canvas").path("title").asText()).isEqualTo("Look only");
    for (JsonNode refused : List.of(create, apply)) {
      assertThat(onlyError(refused).path("extensions").path("type").asText())
          .isEqualTo("urn:maily:problem:forbidden");
      assertThat(refused.path("data").isNull()).isTrue();
    }
  }

  @Test
  void aTenantFindsNoneOfAnothersCanvases() {
    String canvasId = createCanvas(node.token("umbrella", Role.EDITOR), "Theirs");
    String other = node.token("cyberdyne", Role.ADMIN);

    JsonNode read =
        graphql(other, "query C($id: ID!) { canvas(id: $id) { title } }", Map.of("id", canvasId));

    assertThat(read.path("data").path("canvas").isNull()).isTrue();
    assertThat(onlyError(read).path("extensions").path("type").asText())
        .isEqualTo("urn:maily:problem:not-found");
    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(other)) {
      socket.subscribe("theirs", CANVAS_EVENTS, Map.of("id", canvasId, "after", 0));
      JsonNode next = socket.next();

      assertThat(next.path("type").asText()).as(next.toString()).isEqualTo("next");
      assertThat(next.path("payload").path("data").isNull()).isTrue();
      assertThat(
              next.path("payload").path("errors").get(0).path("extensions").path("type").asText())
          .isEqualTo("urn:maily:problem:not-found");
      assertThat(socket.next().path("type").asText()).isEqualTo("complete");
    }
  }

  @Test
  void aSubscriptionStreamsACanvasesEventsInOrderAsTheyAreWritten() {
    String token = node.token("studio", Role.EDITOR);
    String canvasId = createCanvas(token, "Live");

    try (GraphqlSocket socket = GraphqlSocket.open(node, "").init(token)) {
      socket.subscribe("live", CANVAS_EVENTS, Map.of("id", canvasId, "after", 0));
      List<JsonNode> events = new ArrayList<>(canvasEvents(socket, "live", 1));
      for (int version = 0; version < 3; version++) {
        HttpResponse<String> response =
            node.post(
                "/canvases/" + canvasId + "/ops",
                token,
                ("{'baseVersion': "
                        + version
                        + ", 'ops': ["
                        + addText("b" + version, version * 50, "Line " + version)
                        + "]}")
                    .replace('\'', '"'));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
      events.addAll(canvasEvents(socket, "live", 3));

      assertThat(events.get(0).path("type").asText()).isEqualTo("CanvasCreated");
      assertThat(events.get(0).path("pid").asText()).isEqualTo("Canvas|studio:" + canvasId);
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).path("seq").asLong()).isEqualTo(i + 1);
        assertThat(events.get(i).path("at").asText()).isNotEmpty();
      }
      for (int i = 1; i < events.size(); i++) {
        assertThat(events.get(i).path("type").asText()).isEqualTo("OpsApplied");
        assertThat(events.get(i).path("data").path("version").asLong()).isEqualTo(i);
        assertThat(events.get(i).path("data").path("ops").get(0).path("block").path("id").asText())
            .isEqualTo("b" + (i - 1));
      }

      socket.send(Map.of("type", "complete", "id", "live"));
      socket.subscribe("resumed", CANVAS_EVENTS, Map.of("id", canvasId, "after", 2));
      assertThat(canvasEvents(socket, "resumed", 2))
          .extracting(event -> event.path("seq").asLong())
          .containsExactly(3L, 4L);
    }
  }
}
