package ai.maily.mesh.node;

import static ai.maily.mesh.node.GrpcCalls.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.agent.TestAgents;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.v1.MeshServiceClient;
import ai.maily.mesh.grpc.v1.Plan;
import ai.maily.mesh.grpc.v1.PlanStep;
import ai.maily.mesh.grpc.v1.SubmitTaskRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that runs as many tasks as it may ({@code mesh.tasks.max-running}) refuses new ones over
 * REST and gRPC, says when to come back, creates nothing, and takes them once a task has ended.
 */
class OverloadIT {

  private static final String TENANT = "acme";
  private static final String HELD_PLAN = "{\"steps\": [{\"id\": \"hold\", \"agent\": \"held\"}]}";

  private static final TestAgents.Gated held = new TestAgents.Gated("held");
  private static TestNode node;
  private static String editor;
  private static MeshServiceClient client;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            ConfigFactory.parseString(
                "mesh.tasks { max-running = 1, overload-retry-after = 1500ms }"),
            held.agent());
    editor = node.token(TENANT, Role.EDITOR);
    client = MeshServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  private static HttpResponse<String> submitHeld(String idempotencyKey) {
    return node.post(
        "/tasks",
        editor,
        "{\"plan\": "
            + HELD_PLAN
            + ", \"input\": {}, \"idempotencyKey\": \""
            + idempotencyKey
            + "\"}");
  }

  @Test
  void aFullNodeRefusesNewTasksWithRetryAfterCreatesNothingAndAdmitsThemOnceATaskEnds()
      throws Exception {
    HttpResponse<String> first = submitHeld("first");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    String running = TestNode.json(first).path("taskId").asText();

    HttpResponse<String> refused = submitHeld("second");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
    JsonNode problem = TestNode.json(refused);
    assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:overloaded");
    assertThat(problem.path("detail").asText())
        .startsWith("this node runs 1 tasks (limit 1) and has 0 submissions");
    String second = TaskIds.taskIdFor(TENANT, "second");
    assertThat(node.get("/tasks/" + second, editor).statusCode()).isEqualTo(404);

    Throwable grpcRefusal =
        catchThrowable(
            () ->
                await(
                    client
                        .submitTask()
                        .addHeader("authorization", "Bearer " + editor)
                        .invoke(
                            SubmitTaskRequest.newBuilder()
                                .setPlan(
                                    Plan.newBuilder()
                                        .addSteps(
                                            PlanStep.newBuilder().setId("hold").setAgent("held")))
                                .setInputJson("{}")
                                .build())));
    StatusRuntimeException status = GrpcCalls.statusOf(grpcRefusal);
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getStatus().getDescription()).startsWith("[urn:maily:problem:overloaded]");
    assertThat(
            status
                .getTrailers()
                .get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("1500");

    held.release(TaskIds.entityId(TENANT, running) + ":hold:1");
    RestApiIT.awaitTask(node, editor, running, "COMPLETED");
    // What a client told to come back does: the same submission again, until it is admitted.
    HttpResponse<String> admitted =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> submitHeld("second"), response -> response.statusCode() != 503);
    assertThat(admitted.statusCode()).as(admitted.body()).isEqualTo(202);
    assertThat(TestNode.json(admitted).path("taskId").asText()).isEqualTo(second);
    held.release(TaskIds.entityId(TENANT, second) + ":hold:1");
    RestApiIT.awaitTask(node, editor, second, "COMPLETED");
  }
}
