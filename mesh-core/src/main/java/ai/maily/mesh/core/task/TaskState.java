package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.TaskCoordinator.ApprovalDecided;
import ai.maily.mesh.core.task.TaskCoordinator.ApprovalRequested;
import ai.maily.mesh.core.task.TaskCoordinator.Batch;
import ai.maily.mesh.core.task.TaskCoordinator.Event;
import ai.maily.mesh.core.task.TaskCoordinator.StepAttemptFailed;
import ai.maily.mesh.core.task.TaskCoordinator.StepFailed;
import ai.maily.mesh.core.task.TaskCoordinator.StepStarted;
import ai.maily.mesh.core.task.TaskCoordinator.StepSucceeded;
import ai.maily.mesh.core.task.TaskCoordinator.StepsSkipped;
import ai.maily.mesh.core.task.TaskCoordinator.TaskCancelled;
import ai.maily.mesh.core.task.TaskCoordinator.TaskFinished;
import ai.maily.mesh.core.task.TaskCoordinator.TaskSubmitted;
import ai.maily.mesh.core.task.TaskView.StepView;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's durable state, folded from its {@link TaskCoordinator} events; changed only by {@link
 * #apply}. The coordinator decides on it, and a reader folds the journal into it to show a task
 * without waking its entity ({@link #viewOf}).
 */
@JsonAutoDetect(
    fieldVisibility = Visibility.ANY,
    getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class TaskState implements CborSerializable {

  /** One step's durable progress. */
  @JsonAutoDetect(
      fieldVisibility = Visibility.ANY,
      getterVisibility = Visibility.NONE,
      isGetterVisibility = Visibility.NONE)
  static final class StepProgress implements CborSerializable {
    StepStatus status = StepStatus.PENDING;
    int attempts;
    String requestId = "";
    AgentOutput output;
    String error;

    /** The problem type of the last failure, when it has one (e.g. budget-exceeded). */
    ProblemType problem;

    /** Why the step was skipped; null unless it was. */
    String skipReason;

    /** When a failed attempt's retry is due; null unless the step waits out a backoff. */
    Instant retryAt;

    /** Whether the step runs an attempt that has no answer yet: not one waiting for its retry. */
    boolean awaitsAnswer() {
      return status == StepStatus.RUNNING && retryAt == null;
    }
  }

  private String taskId;
  private String tenant;
  private TaskSubmission submission;
  private LinkedHashMap<String, StepProgress> steps = new LinkedHashMap<>();
  private TaskStatus finalStatus;
  private List<String> reasons = new ArrayList<>();
  private Instant createdAt;
  private Instant updatedAt;
  private long eventCount;

  /**
   * The view of a task as its entity would answer it, from the task's events. A reader can serve a
   * task this way without waking its entity: for a finished task that has passivated, a wake-up
   * would replay the same events. Empty when the events hold no task.
   */
  public static Optional<TaskView> viewOf(Iterable<? extends Event> events) {
    TaskState state = new TaskState();
    events.forEach(state::apply);
    return state.isEmpty() ? Optional.empty() : Optional.of(state.view());
  }

  boolean isEmpty() {
    return submission == null;
  }

  boolean isFinished() {
    return finalStatus != null;
  }

  TaskSubmission submission() {
    return submission;
  }

  Plan plan() {
    return submission.plan();
  }

  TaskStatus finalStatus() {
    return finalStatus;
  }

  Instant createdAt() {
    return createdAt;
  }

  Instant updatedAt() {
    return updatedAt;
  }

  /** The step's progress; null for an id the plan does not have. */
  StepProgress step(String id) {
    return steps.get(id);
  }

  /** Every step's progress, in plan order. */
  Map<String, StepProgress> steps() {
    return steps;
  }

  Map<String, StepStatus> statuses() {
    Map<String, StepStatus> statuses = new LinkedHashMap<>();
    steps.forEach((id, progress) -> statuses.put(id, progress.status));
    return statuses;
  }

  TaskStatus status() {
    if (finalStatus != null) {
      return finalStatus;
    }
    boolean awaiting = false;
    for (StepProgress step : steps.values()) {
      if (step.status == StepStatus.RUNNING) {
        return TaskStatus.RUNNING;
      }
      awaiting |= step.status == StepStatus.AWAITING_APPROVAL;
    }
    return awaiting ? TaskStatus.AWAITING_APPROVAL : TaskStatus.PENDING;
  }

  /**
   * A step's input: the task input and the outputs of the steps it depends on, from {@code
   * unwritten} where a dependency's success is not written yet.
   */
  JsonNode inputFor(Step step, Map<String, StepSucceeded> unwritten) {
    ObjectNode input = JsonNodeFactory.instance.objectNode();
    input.set("input", submission.input());
    ObjectNode deps = input.putObject("deps");
    for (String dep : step.dependsOn()) {
      StepSucceeded unwrittenSuccess = unwritten.get(dep);
      AgentOutput output = unwrittenSuccess != null ? unwrittenSuccess.output() : step(dep).output;
      if (output != null) {
        deps.set(dep, output.data());
      }
    }
    return input;
  }

  /** How many events the task has, batches unpacked: the last one's position in the event APIs. */
  public long eventCount() {
    return eventCount;
  }

  TaskState apply(Event event) {
    if (event instanceof Batch batch) {
      batch.events().forEach(this::apply);
      return this;
    }
    eventCount++;
    if (event instanceof TaskSubmitted e) {
      onSubmitted(e);
    } else if (event instanceof StepStarted e) {
      StepProgress step = steps.get(e.stepId());
      step.status = StepStatus.RUNNING;
      step.attempts = e.attempt();
      step.requestId = e.requestId();
      step.retryAt = null;
    } else if (event instanceof StepSucceeded e) {
      StepProgress step = steps.get(e.stepId());
      step.status = StepStatus.SUCCEEDED;
      step.output = e.output();
      step.error = null;
      step.problem = null;
    } else if (event instanceof StepAttemptFailed e) {
      StepProgress step = steps.get(e.stepId());
      step.error = e.error();
      step.problem = e.problem();
      step.retryAt = e.retryInMs() < 0 ? null : e.at().plusMillis(e.retryInMs());
    } else if (event instanceof StepFailed e) {
      StepProgress step = steps.get(e.stepId());
      step.status = StepStatus.FAILED;
      step.error = e.error();
      step.problem = e.problem();
      step.retryAt = null;
    } else if (event instanceof StepsSkipped e) {
      for (String id : e.stepIds()) {
        steps.get(id).status = StepStatus.SKIPPED;
        steps.get(id).skipReason = e.reason();
      }
    } else if (event instanceof ApprovalRequested e) {
      steps.get(e.stepId()).status = StepStatus.AWAITING_APPROVAL;
    } else if (event instanceof ApprovalDecided e) {
      onDecided(e);
    } else if (event instanceof TaskCancelled e) {
      end(TaskStatus.CANCELLED, List.of("cancelled by " + e.by() + suffix(e.reason())));
    } else if (event instanceof TaskFinished e) {
      end(e.status(), e.reasons());
    }
    updatedAt = event.at();
    return this;
  }

  private void onSubmitted(TaskSubmitted e) {
    taskId = e.taskId();
    tenant = e.tenant();
    submission = e.submission();
    createdAt = e.at();
    for (Step step : e.submission().plan().steps()) {
      steps.put(step.id(), new StepProgress());
    }
  }

  private void onDecided(ApprovalDecided e) {
    StepProgress step = steps.get(e.stepId());
    step.attempts = 1;
    if (e.approved()) {
      step.status = StepStatus.SUCCEEDED;
      step.output = approvalOutput(e);
    } else {
      step.status = StepStatus.FAILED;
      step.error = "rejected by " + e.by() + suffix(e.comment());
    }
  }

  private void end(TaskStatus status, List<String> endReasons) {
    finalStatus = status;
    reasons.addAll(endReasons);
    for (StepProgress step : steps.values()) {
      if (!step.status.isTerminal()) {
        step.status = StepStatus.CANCELLED;
        step.retryAt = null;
      }
    }
  }

  private static String suffix(String text) {
    return text.isEmpty() ? "" : ": " + text;
  }

  private static AgentOutput approvalOutput(ApprovalDecided e) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("approved", true);
    data.put("by", e.by());
    data.put("comment", e.comment());
    data.put("at", e.at().toString());
    return new AgentOutput(data, "approved by " + e.by());
  }

  TaskView view() {
    List<StepView> views = new ArrayList<>();
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    for (Step step : plan().steps()) {
      StepProgress progress = steps.get(step.id());
      JsonNode output = progress.output == null ? null : progress.output.data();
      views.add(
          new StepView(
              step.id(),
              step.agent(),
              step.kind(),
              progress.status,
              progress.attempts,
              step.optional(),
              step.dependsOn(),
              output,
              progress.output == null ? progress.skipReason : progress.output.summary(),
              progress.error,
              progress.problem == null ? null : progress.problem.uri()));
      if (output != null) {
        result.set(step.id(), output);
      }
    }
    boolean hasResult = finalStatus == TaskStatus.COMPLETED || finalStatus == TaskStatus.DEGRADED;
    return new TaskView(
        taskId,
        tenant,
        status(),
        submission.playbook(),
        views,
        hasResult ? result : null,
        List.copyOf(reasons),
        submission.submittedBy(),
        createdAt,
        updatedAt,
        null);
  }
}
