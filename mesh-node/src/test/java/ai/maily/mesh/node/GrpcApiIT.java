package ai.maily.mesh.node;

import static ai.maily.mesh.node.GrpcCalls.await;
import static ai.maily.mesh.node.GrpcCalls.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.v1.CancelTaskRequest;
import ai.maily.mesh.grpc.v1.GetTaskRequest;
import ai.maily.mesh.grpc.v1.MeshServiceClient;
import ai.maily.mesh.grpc.v1.Plan;
import ai.maily.mesh.grpc.v1.PlanStep;
import ai.maily.mesh.grpc.v1.StepStatus;
import ai.maily.mesh.grpc.v1.StreamTaskEventsRequest;
import ai.maily.mesh.grpc.v1.SubmitTaskRequest;
import ai.maily.mesh.grpc.v1.SubmitTaskResponse;
import ai.maily.mesh.grpc.v1.Task;
import ai.maily.mesh.grpc.v1.TaskEvent;
import ai.maily.mesh.grpc.v1.TaskStatus;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.pekko.stream.javadsl.Sink;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC MeshService of a running node, through the generated Java client. */
class GrpcApiIT {

  private static TestNode node;
  private static MeshServiceClient client;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    admin = "Bearer " + node.devToken();
    client = MeshServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  private static SubmitTaskRequest playbook(String name) {
    return SubmitTaskRequest.newBuilder()
        .setPlaybook(name)
        .setInputJson(RestApiIT.EMAIL_INPUT)
        .build();
  }

  @Test
  void submitsAPlaybookAndStreamsItsEventsUntilTheTaskEnds() throws Exception {
    SubmitTaskResponse submitted =
        await(
            client.submitTask().addHeader("authorization", admin).invoke(playbook("email-check")));
    assertThat(submitted.getCreated()).isTrue();

    List<TaskEvent> events =
        await(
            client
                .streamTaskEvents()
                .addHeader("authorization", admin)
                .invoke(
                    StreamTaskEventsRequest.newBuilder().setTaskId(submitted.getTaskId()).build())
                .completionTimeout(Duration.ofSeconds(20))
                .runWith(Sink.seq(), node.node().system()));

    assertThat(events.get(0).getType()).isEqualTo("TaskSubmitted");
    assertThat(events.get(events.size() - 1).getType()).isEqualTo("TaskFinished");
    assertThat(events)
        .extracting(TaskEvent::getSequenceNr)
        .isEqualTo(LongStream.rangeClosed(1, events.size()).boxed().toList());

    Task task =
        await(
            client
                .getTask()
                .addHeader("authorization", admin)
                .invoke(GetTaskRequest.newBuilder().setTaskId(submitted.getTaskId()).build()));
    assertThat(task.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_COMPLETED);
    assertThat(task.getStepsList())
        .extracting(s -> s.getStatus())
        .containsOnly(StepStatus.STEP_STATUS_SUCCEEDED);
    assertThat(task.getResultJson()).contains("\"compliance\"");
  }

  /** Submits an explicit plan whose task parks after its first step, awaiting approval. */
  private static SubmitTaskResponse submitCheckThenApproval() throws Exception {
    Plan plan =
        Plan.newBuilder()
            .addSteps(PlanStep.newBuilder().setId("check").setAgent("compliance"))
            .addSteps(PlanStep.newBuilder().setId("ok").setKind("approval").addDependsOn("check"))
            .build();
    return await(submit(plan, RestApiIT.EMAIL_INPUT));
  }

  private static CompletionStage<SubmitTaskResponse> submit(Plan plan, String inputJson) {
    return client
        .submitTask()
        .addHeader("authorization", admin)
        .invoke(SubmitTaskRequest.newBuilder().setPlan(plan).setInputJson(inputJson).build());
  }

  @Test
  void submitsAnExplicitPlanAndCancelsIt() throws Exception {
    SubmitTaskResponse submitted = submitCheckThenApproval();

    Task cancelled =
        await(
            client
                .cancelTask()
                .addHeader("authorization", admin)
                .invoke(
                    CancelTaskRequest.newBuilder()
                        .setTaskId(submitted.getTaskId())
                        .setReason("changed my mind")
                        .build()));

    assertThat(cancelled.getStatus()).isEqualTo(TaskStatus.TASK_STATUS_CANCELLED);
    assertThat(cancelled.getReasons(0)).contains("changed my mind");
  }

  @Test
  void followsAParkedTaskFromAPositionAndGoesOnWithItsLiveEventsUntilItEnds() throws Exception {
    String taskId = submitCheckThenApproval().getTaskId();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                await(
                            client
                                .getTask()
                                .addHeader("authorization", admin)
                                .invoke(GetTaskRequest.newBuilder().setTaskId(taskId).build()))
                        .getStatus()
                    == TaskStatus.TASK_STATUS_AWAITING_APPROVAL);

    // Parked, the task has written two rows of two events each (ADR 0019); the stream starts
    // after the second event and, once it has sent the first, can only learn of the end live.
    CountDownLatch followed = new CountDownLatch(1);
    CompletionStage<List<TaskEvent>> events =
        client
            .streamTaskEvents()
            .addHeader("authorization", admin)
            .invoke(
                StreamTaskEventsRequest.newBuilder()
                    .setTaskId(taskId)
                    .setAfterSequenceNr(2)
                    .build())
            .wireTap(event -> followed.countDown())
            .completionTimeout(Duration.ofSeconds(20))
            .runWith(Sink.seq(), node.node().system());
    assertThat(followed.await(20, TimeUnit.SECONDS)).isTrue();
    await(
        client
            .cancelTask()
            .addHeader("authorization", admin)
            .invoke(CancelTaskRequest.newBuilder().setTaskId(taskId).build()));

    List<TaskEvent> received = await(events);
    assertThat(received)
        .extracting(TaskEvent::getType)
        .containsExactly("StepSucceeded", "ApprovalRequested", "TaskCancelled");
    assertThat(received).extracting(TaskEvent::getSequenceNr).containsExactly(3L, 4L, 5L);
  }

  @Test
  void anInvalidPlanIsInvalidArgumentNamingEveryProblem() {
    Plan plan =
        Plan.newBuilder()
            .addSteps(PlanStep.newBuilder().setId("a").setAgent("nobody").addDependsOn("ghost"))
            .build();

    assertThatThrownBy(() -> await(submit(plan, "{}")))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("urn:maily:problem:invalid-plan")
        .hasMessageContaining("unknown agent 'nobody'")
        .hasMessageContaining("unknown dependency 'ghost'");
  }

  @Test
  void callsWithoutAValidTokenAreUnauthenticated() {
    assertThatThrownBy(() -> await(client.submitTask(playbook("email-check"))))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThatThrownBy(
            () ->
                await(
                    client
                        .getTask()
                        .addHeader("authorization", "Bearer nonsense")
                        .invoke(GetTaskRequest.newBuilder().setTaskId("x").build())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void anotherTenantsTaskIsNotFoundEvenWhenStreamed() throws Exception {
    SubmitTaskResponse submitted =
        await(
            client.submitTask().addHeader("authorization", admin).invoke(playbook("email-check")));
    String other = "Bearer " + node.token("globex", Role.ADMIN);

    assertThatThrownBy(
            () ->
                await(
                    client
                        .getTask()
                        .addHeader("authorization", other)
                        .invoke(
                            GetTaskRequest.newBuilder().setTaskId(submitted.getTaskId()).build())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.NOT_FOUND));
    assertThatThrownBy(
            () ->
                await(
                    client
                        .streamTaskEvents()
                        .addHeader("authorization", other)
                        .invoke(
                            StreamTaskEventsRequest.newBuilder()
                                .setTaskId(submitted.getTaskId())
                                .build())
                        .runWith(Sink.seq(), node.node().system())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void streamingFromANegativePositionIsInvalidArgumentLikeRest() throws Exception {
    SubmitTaskResponse submitted =
        await(
            client.submitTask().addHeader("authorization", admin).invoke(playbook("email-check")));

    assertThatThrownBy(
            () ->
                await(
                    client
                        .streamTaskEvents()
                        .addHeader("authorization", admin)
                        .invoke(
                            StreamTaskEventsRequest.newBuilder()
                                .setTaskId(submitted.getTaskId())
                                .setAfterSequenceNr(-5)
                                .build())
                        .runWith(Sink.seq(), node.node().system())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("must not be negative");
  }
}
