package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.TaskView;
import ai.maily.mesh.core.task.TaskView.StepView;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.grpc.v1.CancelTaskRequest;
import ai.maily.mesh.grpc.v1.GetBudgetRequest;
import ai.maily.mesh.grpc.v1.GetTaskRequest;
import ai.maily.mesh.grpc.v1.MeshServicePowerApi;
import ai.maily.mesh.grpc.v1.PlanStep;
import ai.maily.mesh.grpc.v1.StepStatus;
import ai.maily.mesh.grpc.v1.StreamTaskEventsRequest;
import ai.maily.mesh.grpc.v1.SubmitTaskRequest;
import ai.maily.mesh.grpc.v1.SubmitTaskResponse;
import ai.maily.mesh.grpc.v1.Task;
import ai.maily.mesh.grpc.v1.TaskEvent;
import ai.maily.mesh.grpc.v1.TaskStatus;
import ai.maily.mesh.grpc.v1.TaskStep;
import ai.maily.mesh.grpc.v1.TenantBudget;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.grpc.javadsl.Metadata;
import org.apache.pekko.stream.javadsl.Source;

/** The gRPC {@code MeshService}: the same operations as REST, through {@link TaskService}. */
public final class MeshGrpcService implements MeshServicePowerApi {

  private final TaskService tasks;
  private final Authenticator authenticator;

  public MeshGrpcService(TaskService tasks, Authenticator authenticator) {
    this.tasks = tasks;
    this.authenticator = authenticator;
  }

  @Override
  public CompletionStage<SubmitTaskResponse> submitTask(SubmitTaskRequest in, Metadata metadata) {
    return call(
        metadata,
        caller ->
            tasks
                .submit(caller, toSubmitRequest(in))
                .thenApply(
                    submitted ->
                        SubmitTaskResponse.newBuilder()
                            .setTaskId(submitted.task().taskId())
                            .setStatus(toProto(submitted.task().status()))
                            .setCreated(submitted.created())
                            .build()));
  }

  @Override
  public CompletionStage<Task> getTask(GetTaskRequest in, Metadata metadata) {
    return call(
        metadata, caller -> tasks.get(caller, in.getTaskId()).thenApply(MeshGrpcService::toProto));
  }

  @Override
  public CompletionStage<Task> cancelTask(CancelTaskRequest in, Metadata metadata) {
    return call(
        metadata,
        caller ->
            tasks
                .cancel(caller, in.getTaskId(), in.getReason())
                .thenApply(MeshGrpcService::toProto));
  }

  @Override
  public CompletionStage<TenantBudget> getBudget(GetBudgetRequest in, Metadata metadata) {
    return call(metadata, caller -> tasks.budget(caller).thenApply(BudgetProtos::toProto));
  }

  @Override
  public Source<TaskEvent, NotUsed> streamTaskEvents(
      StreamTaskEventsRequest in, Metadata metadata) {
    CompletionStage<Source<TaskEvent, NotUsed>> events =
        authenticator
            .authenticate(metadata.getText("authorization"))
            .thenCompose(caller -> tasks.follow(caller, in.getTaskId(), in.getAfterSequenceNr()))
            .thenApply(source -> source.map(MeshGrpcService::toProto));
    return Source.completionStageSource(
            events.handle(
                (source, error) ->
                    error == null
                        ? source
                        : Source.<TaskEvent>failed(GrpcProblems.toException(error))))
        .mapMaterializedValue(ignored -> NotUsed.notUsed());
  }

  private <T> CompletionStage<T> call(
      Metadata metadata, Function<Principal, CompletionStage<T>> operation) {
    return GrpcProblems.reported(
        authenticator.authenticate(metadata.getText("authorization")).thenCompose(operation));
  }

  private static TaskService.SubmitRequest toSubmitRequest(SubmitTaskRequest in) {
    JsonNode input;
    try {
      input = in.getInputJson().isEmpty() ? null : Json.MAPPER.readTree(in.getInputJson());
    } catch (JsonProcessingException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST, "input_json is not valid JSON: " + e.getOriginalMessage());
    }
    ObjectNode plan = null;
    if (in.hasPlan()) {
      plan = Json.MAPPER.createObjectNode();
      ArrayNode steps = plan.putArray("steps");
      for (PlanStep step : in.getPlan().getStepsList()) {
        ObjectNode node = steps.addObject();
        node.put("id", step.getId());
        if (!step.getAgent().isEmpty()) {
          node.put("agent", step.getAgent());
        }
        if (!step.getKind().isEmpty()) {
          node.put("kind", step.getKind());
        }
        ArrayNode deps = node.putArray("dependsOn");
        step.getDependsOnList().forEach(deps::add);
        node.put("optional", step.getOptional());
        if (step.getTimeoutMs() != 0) {
          node.put("timeoutMs", step.getTimeoutMs());
        }
        if (step.getMaxAttempts() != 0) {
          node.put("maxAttempts", step.getMaxAttempts());
        }
      }
    }
    return new TaskService.SubmitRequest(
        in.hasPlaybook() ? in.getPlaybook() : null, plan, input, in.getIdempotencyKey());
  }

  static Task toProto(TaskView view) {
    Task.Builder task =
        Task.newBuilder()
            .setTaskId(view.taskId())
            .setStatus(toProto(view.status()))
            .setPlaybook(view.playbook())
            .addAllReasons(view.reasons())
            .setCreatedAt(String.valueOf(view.createdAt()))
            .setUpdatedAt(String.valueOf(view.updatedAt()));
    if (view.result() != null) {
      task.setResultJson(view.result().toString());
    }
    if (view.budget() != null) {
      task.setBudget(BudgetProtos.toProto(view.budget()));
    }
    for (StepView step : view.steps()) {
      TaskStep.Builder proto =
          TaskStep.newBuilder()
              .setId(step.id())
              .setAgent(step.agent())
              .setKind(step.kind().wireName())
              .setStatus(StepStatus.valueOf("STEP_STATUS_" + step.status().name()))
              .setAttempts(step.attempts())
              .setOptional(step.optional())
              .addAllDependsOn(step.dependsOn());
      if (step.output() != null) {
        proto.setOutputJson(step.output().toString());
      }
      if (step.summary() != null) {
        proto.setSummary(step.summary());
      }
      if (step.error() != null) {
        proto.setError(step.error());
      }
      if (step.errorType() != null) {
        proto.setErrorType(step.errorType());
      }
      task.addSteps(proto);
    }
    return task.build();
  }

  private static TaskStatus toProto(ai.maily.mesh.core.task.TaskStatus status) {
    return TaskStatus.valueOf("TASK_STATUS_" + status.name());
  }

  private static TaskEvent toProto(TaskService.TaskEvent event) {
    return TaskEvent.newBuilder()
        .setSequenceNr(event.seq())
        .setType(event.type())
        .setAt(event.at().toString())
        .setEventJson(event.data().toString())
        .build();
  }
}
