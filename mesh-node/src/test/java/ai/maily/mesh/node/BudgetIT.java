package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.budget.Budgets;
import ai.maily.mesh.core.budget.Reservation;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.v1.GetBudgetRequest;
import ai.maily.mesh.grpc.v1.GetTaskRequest;
import ai.maily.mesh.grpc.v1.MeshServiceClient;
import ai.maily.mesh.grpc.v1.Task;
import ai.maily.mesh.grpc.v1.TenantBudget;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets on a running node (ADR 0029): plans whose agent reserves and settles through the tenant's
 * ledger, a step refused as budget-exceeded, an optional step skipped near the limit, the numbers
 * in the API, and open reservations across a restart.
 */
class BudgetIT {

  // A task may spend 5,000 tokens; near the limit below 3 calls of the writer's 1,000; 5 variants.
  private static final Config BUDGETS =
      ConfigFactory.parseString(
          """
          mesh.ai.budget {
            tenant { tokens = 100000, cost = 10 }
            task { tokens = 5000, cost = unlimited }
            prices { default { prompt = 0.001, completion = 0.002 } }
            coordinator { near-limit-calls = 3, max-variants = 5 }
          }
          """);

  // Each call of the writer: the prompt, then per variant 600 completion tokens asked, 500 used.
  private static final String CALLS =
      """
      "calls": {
        "draft": {"prompt": 1000, "completionPerVariant": 600, "usedPerVariant": 500},
        "polish": {"prompt": 1000, "completionPerVariant": 600, "usedPerVariant": 500},
        "rewrite": {"prompt": 1000, "completionPerVariant": 600, "usedPerVariant": 500},
        "final": {"prompt": 200, "completionPerVariant": 600, "usedPerVariant": 500}
      }""";

  private static TestNode node;
  private static String editor;
  private final String tenant = "budget-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void start() {
    node = TestNode.startWith(BUDGETS, new SpendingAgent("writer"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private String submit(String token, String steps) {
    HttpResponse<String> response =
        node.post(
            "/tasks",
            token,
            "{\"plan\": {\"steps\": "
                + steps
                + "}, \"input\": {\"brief\": \"spring sale\", "
                + CALLS
                + "}}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return TestNode.json(response).path("taskId").asText();
  }

  private static JsonNode step(JsonNode task, String id) {
    for (JsonNode step : task.path("steps")) {
      if (step.path("id").asText().equals(id)) {
        return step;
      }
    }
    throw new AssertionError("no step " + id + " in " + task);
  }

  @Test
  void aCallThatWouldCrossTheTasksBudgetIsNotMadeAndItsStepFailsAsBudgetExceeded()
      throws Exception {
    String token = node.token(tenant, Role.EDITOR);
    String taskId =
        submit(
            token,
            """
            [{"id": "draft", "agent": "writer"},
             {"id": "rewrite", "agent": "writer", "dependsOn": ["draft"]}]""");

    JsonNode task = RestApiIT.awaitTask(node, token, taskId, "FAILED");

    // The draft had the whole budget: 5 variants, 1,000 + 5 x 500 = 3,500 tokens used. The
    // rewrite, near the limit with 1,500 left, asked for 2 variants: 1,000 + 2 x 600 = 2,200.
    assertThat(step(task, "draft").path("output").path("variants").asInt()).isEqualTo(5);
    JsonNode rewrite = step(task, "rewrite");
    assertThat(rewrite.path("status").asText()).isEqualTo("FAILED");
    assertThat(rewrite.path("attempts").asInt()).isEqualTo(1);
    assertThat(rewrite.path("errorType").asText()).isEqualTo("urn:maily:problem:budget-exceeded");
    assertThat(rewrite.path("error").asText())
        .contains("the call may use 2200 tokens", "task " + taskId + " has 1500 tokens left");
    JsonNode budget = task.path("budget");
    assertThat(budget.path("tokens").path("limit").asLong()).isEqualTo(5000);
    assertThat(budget.path("tokens").path("used").asLong()).isEqualTo(3500);
    assertThat(budget.path("tokens").path("reserved").asLong()).isZero();
    assertThat(budget.path("tokens").path("remaining").asLong()).isEqualTo(1500);
    // 1,000 x 0.001 + 2,500 x 0.002 per 1,000 = 0.006
    assertThat(budget.path("cost").path("used").decimalValue()).isEqualByComparingTo("0.006");
    assertThat(budget.path("cost").has("limit")).isFalse();

    JsonNode events =
        TestNode.json(node.get("/tasks/" + taskId + "/events?after=0", token)).path("events");
    assertThat(events.findValues("problem"))
        .extracting(JsonNode::asText)
        .contains("BUDGET_EXCEEDED");

    JsonNode tenantBudget = TestNode.json(node.get("/budget", token));
    assertThat(tenantBudget.path("tenant").asText()).isEqualTo(tenant);
    assertThat(tenantBudget.path("tokens").path("used").asLong()).isEqualTo(3500);
    assertThat(tenantBudget.path("tokens").path("remaining").asLong()).isEqualTo(96_500);
    assertThat(tenantBudget.path("cost").path("remaining").decimalValue())
        .isEqualByComparingTo("9.994");
    assertThat(tenantBudget.path("openReservations").asInt()).isZero();
    assertThat(tenantBudget.path("taskLimit").path("tokens").asLong()).isEqualTo(5000);

    try (var client = new GrpcClient()) {
      Task viaGrpc =
          client
              .mesh
              .getTask()
              .addHeader("authorization", "Bearer " + token)
              .invoke(GetTaskRequest.newBuilder().setTaskId(taskId).build())
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      assertThat(viaGrpc.getSteps(1).getErrorType()).isEqualTo("urn:maily:problem:budget-exceeded");
      assertThat(viaGrpc.getBudget().getTokens().getUsed()).isEqualTo(3500);
      assertThat(viaGrpc.getBudget().getCost().getUsed()).isEqualTo("0.006000");
      TenantBudget tenantViaGrpc =
          client
              .mesh
              .getBudget()
              .addHeader("authorization", "Bearer " + token)
              .invoke(GetBudgetRequest.getDefaultInstance())
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      assertThat(tenantViaGrpc.getTokens().getRemaining()).isEqualTo(96_500);
      assertThat(tenantViaGrpc.getTaskLimit().hasTokens()).isTrue();
      assertThat(tenantViaGrpc.getTaskLimit().getCost()).isEmpty();
    }
  }

  @Test
  void nearTheLimitAnOptionalStepIsSkippedSoThatTheRequiredOneStillFits() {
    String token = node.token(tenant, Role.EDITOR);
    String taskId =
        submit(
            token,
            """
            [{"id": "draft", "agent": "writer"},
             {"id": "polish", "agent": "writer", "optional": true, "dependsOn": ["draft"]},
             {"id": "final", "agent": "writer", "dependsOn": ["polish"]}]""");

    JsonNode task = RestApiIT.awaitTask(node, token, taskId, "DEGRADED");

    // 1,500 left after the draft: the polish (about 1,000) and the final (1,000) do not both fit.
    JsonNode polish = step(task, "polish");
    assertThat(polish.path("status").asText()).isEqualTo("SKIPPED");
    assertThat(polish.path("summary").asText()).contains("the budget is near its limit");
    assertThat(task.path("reasons"))
        .extracting(JsonNode::asText)
        .contains("optional step 'polish' was skipped");
    // The final step ran narrowed: 2 variants, 200 + 2 x 500 = 1,200 tokens.
    JsonNode last = step(task, "final");
    assertThat(last.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(last.path("output").path("variants").asInt()).isEqualTo(2);
    assertThat(task.path("budget").path("tokens").path("used").asLong()).isEqualTo(4700);
    assertThat(task.path("budget").path("tokens").path("remaining").asLong()).isEqualTo(300);

    JsonNode events =
        TestNode.json(node.get("/tasks/" + taskId + "/events?after=0", token)).path("events");
    assertThat(events)
        .filteredOn(event -> event.path("type").asText().equals("StepsSkipped"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.path("data").path("stepIds").get(0).asText()).isEqualTo("polish");
              assertThat(event.path("data").path("reason").asText()).contains("near its limit");
            });

    JsonNode viaGraphql =
        graphql(
            token,
            "{ task(id: \""
                + taskId
                + "\") { budget { tokens { used remaining } } }"
                + " budget { period tokens { used } taskLimit { tokens } } }");
    assertThat(viaGraphql.path("errors").isMissingNode()).as(viaGraphql.toString()).isTrue();
    assertThat(viaGraphql.at("/data/task/budget/tokens/used").asLong()).isEqualTo(4700);
    assertThat(viaGraphql.at("/data/budget/tokens/used").asLong()).isEqualTo(4700);
    assertThat(viaGraphql.at("/data/budget/taskLimit/tokens").asLong()).isEqualTo(5000);
  }

  @Test
  void aViewerReadsItsTenantsBudgetAndAnotherTenantsUseIsNotCounted() {
    HttpResponse<String> response = node.get("/budget", node.token(tenant, Role.VIEWER));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode budget = TestNode.json(response);
    assertThat(budget.path("tokens").path("used").asLong()).isZero();
    assertThat(budget.path("tokens").path("limit").asLong()).isEqualTo(100_000);
    assertThat(budget.path("currency").asText()).isEqualTo("USD");
    assertThat(node.get("/budget", "not-a-token").statusCode()).isEqualTo(401);
  }

  @Test
  void openReservationsSurviveARestartOfTheNodeAndAreNotCountedTwice() throws Exception {
    Path dataDir = Files.createTempDirectory("mesh-budget");
    Reservation reservation;
    try (TestNode first = TestNode.start(BUDGETS, dataDir)) {
      reservation =
          Budgets.get(first.node().system())
              .reserve(tenant, "t1", "t1:draft:1:llm:1", SpendingAgent.MODEL, 1000, 1000)
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
    }
    try (TestNode second = TestNode.start(BUDGETS, dataDir)) {
      String viewer = second.token(tenant, Role.VIEWER);
      JsonNode before = TestNode.json(second.get("/budget", viewer));
      assertThat(before.path("openReservations").asInt()).isEqualTo(1);
      assertThat(before.path("tokens").path("reserved").asLong()).isEqualTo(2000);

      Budgets budgets = Budgets.get(second.node().system());
      Reservation again =
          budgets
              .reserve(tenant, "t1", "t1:draft:1:llm:1", SpendingAgent.MODEL, 1000, 1000)
              .toCompletableFuture()
              .get(20, TimeUnit.SECONDS);
      assertThat(again).isEqualTo(reservation);
      assertThat(
              TestNode.json(second.get("/budget", viewer)).path("tokens").path("reserved").asLong())
          .isEqualTo(2000);

      budgets.settle(reservation, 900, 400).toCompletableFuture().get(20, TimeUnit.SECONDS);
      JsonNode after = TestNode.json(second.get("/budget", viewer));
      assertThat(after.path("openReservations").asInt()).isZero();
      assertThat(after.path("tokens").path("used").asLong()).isEqualTo(1300);
      assertThat(after.path("tokens").path("reserved").asLong()).isZero();
    }
  }

  private static JsonNode graphql(String token, String query) {
    HttpResponse<String> response =
        node.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.node().httpPort() + "/graphql"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        Json.MAPPER.valueToTree(Map.of("query", query)).toString()))
                .build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }

  /** A gRPC client of the node, closed after use. */
  private static final class GrpcClient implements AutoCloseable {
    final MeshServiceClient mesh =
        MeshServiceClient.create(GrpcCalls.settings(node), node.node().system());

    @Override
    public void close() {
      mesh.close();
    }
  }
}
