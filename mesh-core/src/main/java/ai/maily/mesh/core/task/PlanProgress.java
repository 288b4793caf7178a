package ai.maily.mesh.core.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides what a task does next from its plan and the status of every step. Pure, so the rules are
 * tested without actors:
 *
 * <ul>
 *   <li>a step is ready when each dependency succeeded or is an optional step that failed or was
 *       skipped (a budget near its limit skips optional steps, ADR 0029);
 *   <li>a failed required step fails the task and skips every step not yet started;
 *   <li>the task completes when nothing is pending, running or awaiting approval: {@code DEGRADED}
 *       if an optional step failed or was skipped, else {@code COMPLETED}.
 * </ul>
 */
public final class PlanProgress {

  /**
   * What to do now.
   *
   * @param start agent steps to dispatch
   * @param approvals approval steps to park on
   * @param skip steps that will never run
   * @param finish the task's final status, or null while it goes on
   */
  public record Decision(
      List<String> start, List<String> approvals, List<String> skip, TaskStatus finish) {}

  private PlanProgress() {}

  /**
   * The events that follow from {@code statuses}: steps to start (their first attempts, with their
   * request ids), approvals to request, skipped steps and the task's end. {@code errors} names the
   * failures behind a failed task.
   */
  static List<TaskCoordinator.Event> eventsAfter(
      String entityId,
      Plan plan,
      Map<String, StepStatus> statuses,
      Map<String, String> errors,
      Instant now) {
    Decision decision = next(plan, statuses);
    List<TaskCoordinator.Event> events = new ArrayList<>();
    for (String stepId : decision.start()) {
      events.add(
          new TaskCoordinator.StepStarted(stepId, 1, TaskIds.requestId(entityId, stepId, 1), now));
    }
    for (String stepId : decision.approvals()) {
      events.add(new TaskCoordinator.ApprovalRequested(stepId, now));
    }
    if (!decision.skip().isEmpty()) {
      events.add(new TaskCoordinator.StepsSkipped(decision.skip(), "a required step failed", now));
    }
    if (decision.finish() != null) {
      List<String> reasons = new ArrayList<>(errors.values());
      if (decision.finish() == TaskStatus.DEGRADED) {
        plan.steps().stream()
            .filter(s -> statuses.get(s.id()) == StepStatus.FAILED)
            .forEach(s -> reasons.add("optional step '" + s.id() + "' failed"));
        plan.steps().stream()
            .filter(s -> statuses.get(s.id()) == StepStatus.SKIPPED)
            .forEach(s -> reasons.add("optional step '" + s.id() + "' was skipped"));
      }
      events.add(new TaskCoordinator.TaskFinished(decision.finish(), reasons, now));
    }
    return events;
  }

  /** The next decision; {@code statuses} holds a status for every step of the plan. */
  public static Decision next(Plan plan, Map<String, StepStatus> statuses) {
    List<String> start = new ArrayList<>();
    List<String> approvals = new ArrayList<>();
    List<String> skip = new ArrayList<>();
    boolean requiredFailed =
        plan.steps().stream()
            .anyMatch(s -> !s.optional() && statuses.get(s.id()) == StepStatus.FAILED);
    if (requiredFailed) {
      for (Step step : plan.steps()) {
        if (statuses.get(step.id()) == StepStatus.PENDING) {
          skip.add(step.id());
        }
      }
      return new Decision(start, approvals, skip, TaskStatus.FAILED);
    }
    boolean active = false;
    boolean anyFailed = false;
    for (Step step : plan.steps()) {
      StepStatus status = statuses.get(step.id());
      switch (status) {
        case RUNNING, AWAITING_APPROVAL -> active = true;
        // Without a failed required step, only optional steps are skipped: for the budget.
        case FAILED, SKIPPED -> anyFailed = true;
        case PENDING -> {
          if (isReady(plan, step, statuses)) {
            (step.kind() == StepKind.APPROVAL ? approvals : start).add(step.id());
          }
          active = true;
        }
        default -> {}
      }
    }
    TaskStatus finish = null;
    if (!active) {
      finish = anyFailed ? TaskStatus.DEGRADED : TaskStatus.COMPLETED;
    }
    return new Decision(start, approvals, skip, finish);
  }

  private static boolean isReady(Plan plan, Step step, Map<String, StepStatus> statuses) {
    for (String dep : step.dependsOn()) {
      StepStatus status = statuses.get(dep);
      boolean optionalFailure =
          (status == StepStatus.FAILED || status == StepStatus.SKIPPED)
              && plan.step(dep).map(Step::optional).orElse(false);
      if (status != StepStatus.SUCCEEDED && !optionalFailure) {
        return false;
      }
    }
    return true;
  }
}
