package ai.maily.mesh.core.task;

import static ai.maily.mesh.core.task.StepStatus.AWAITING_APPROVAL;
import static ai.maily.mesh.core.task.StepStatus.FAILED;
import static ai.maily.mesh.core.task.StepStatus.PENDING;
import static ai.maily.mesh.core.task.StepStatus.RUNNING;
import static ai.maily.mesh.core.task.StepStatus.SKIPPED;
import static ai.maily.mesh.core.task.StepStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class PlanProgressTest {

  private static Step agent(String id, String... dependsOn) {
    return Step.agent(id, "echo", List.of(dependsOn), 30_000, 3);
  }

  private static Plan plan(Step... steps) {
    return new Plan(List.of(steps));
  }

  private static final Plan DIAMOND =
      plan(agent("a"), agent("b", "a"), agent("c", "a"), agent("d", "b", "c"));

  @Test
  void startsEveryIndependentStepAtOnce() {
    PlanProgress.Decision decision =
        PlanProgress.next(
            plan(agent("a"), agent("b"), agent("c")),
            Map.of("a", PENDING, "b", PENDING, "c", PENDING));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of("a", "b", "c"), List.of(), List.of(), null));
  }

  @Test
  void startsOnlyStepsWhoseDependenciesSucceeded() {
    PlanProgress.Decision decision =
        PlanProgress.next(DIAMOND, Map.of("a", PENDING, "b", PENDING, "c", PENDING, "d", PENDING));

    assertThat(decision.start()).containsExactly("a");
    assertThat(decision.finish()).isNull();
  }

  @Test
  void fansOutOnceTheSharedDependencySucceeded() {
    PlanProgress.Decision decision =
        PlanProgress.next(
            DIAMOND, Map.of("a", SUCCEEDED, "b", PENDING, "c", PENDING, "d", PENDING));

    assertThat(decision.start()).containsExactly("b", "c");
  }

  @Test
  void fanInWaitsForEveryDependency() {
    PlanProgress.Decision waiting =
        PlanProgress.next(
            DIAMOND, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", RUNNING, "d", PENDING));
    PlanProgress.Decision ready =
        PlanProgress.next(
            DIAMOND, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED, "d", PENDING));

    assertThat(waiting).isEqualTo(new PlanProgress.Decision(List.of(), List.of(), List.of(), null));
    assertThat(ready.start()).containsExactly("d");
  }

  @Test
  void parksAReadyApprovalStepInsteadOfStartingIt() {
    Plan plan = plan(agent("draft"), Step.approval("ok", List.of("draft")), agent("send", "ok"));

    PlanProgress.Decision decision =
        PlanProgress.next(plan, Map.of("draft", SUCCEEDED, "ok", PENDING, "send", PENDING));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of(), List.of("ok"), List.of(), null));
  }

  @Test
  void waitsWhileAnApprovalIsOutstanding() {
    Plan plan = plan(agent("draft"), Step.approval("ok", List.of("draft")), agent("send", "ok"));

    PlanProgress.Decision decision =
        PlanProgress.next(
            plan, Map.of("draft", SUCCEEDED, "ok", AWAITING_APPROVAL, "send", PENDING));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of(), List.of(), List.of(), null));
  }

  @Test
  void startsTheStepAfterAnApprovedApproval() {
    Plan plan = plan(agent("draft"), Step.approval("ok", List.of("draft")), agent("send", "ok"));

    PlanProgress.Decision decision =
        PlanProgress.next(plan, Map.of("draft", SUCCEEDED, "ok", SUCCEEDED, "send", PENDING));

    assertThat(decision.start()).containsExactly("send");
  }

  @Test
  void optionalFailureLetsDependentsRun() {
    Plan plan = plan(agent("enrich").asOptional(), agent("send", "enrich"));

    PlanProgress.Decision decision =
        PlanProgress.next(plan, Map.of("enrich", FAILED, "send", PENDING));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of("send"), List.of(), List.of(), null));
  }

  @Test
  void optionalFailureDegradesTheTask() {
    Plan plan = plan(agent("enrich").asOptional(), agent("send", "enrich"));

    PlanProgress.Decision decision =
        PlanProgress.next(plan, Map.of("enrich", FAILED, "send", SUCCEEDED));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of(), List.of(), List.of(), TaskStatus.DEGRADED));
  }

  @Test
  void requiredFailureSkipsEveryPendingStepAndFailsTheTask() {
    Plan plan =
        plan(
            agent("a"),
            agent("b"),
            agent("c", "a"),
            Step.approval("ok", List.of("b")),
            agent("d"),
            agent("e"));

    PlanProgress.Decision decision =
        PlanProgress.next(
            plan,
            Map.of(
                "a", FAILED,
                "b", SUCCEEDED,
                "c", PENDING,
                "ok", PENDING,
                "d", RUNNING,
                "e", PENDING));

    assertThat(decision)
        .isEqualTo(
            new PlanProgress.Decision(
                List.of(), List.of(), List.of("c", "ok", "e"), TaskStatus.FAILED));
  }

  @Test
  void requiredFailureWinsOverAnOptionalOne() {
    Plan plan = plan(agent("a").asOptional(), agent("b"));

    PlanProgress.Decision decision = PlanProgress.next(plan, Map.of("a", FAILED, "b", FAILED));

    assertThat(decision.finish()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void completesWhenEveryStepSucceeded() {
    PlanProgress.Decision decision =
        PlanProgress.next(
            DIAMOND, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED, "d", SUCCEEDED));

    assertThat(decision)
        .isEqualTo(
            new PlanProgress.Decision(List.of(), List.of(), List.of(), TaskStatus.COMPLETED));
  }

  @Test
  void runningStepsKeepTheTaskActive() {
    PlanProgress.Decision decision =
        PlanProgress.next(
            DIAMOND, Map.of("a", SUCCEEDED, "b", SUCCEEDED, "c", SUCCEEDED, "d", RUNNING));

    assertThat(decision)
        .isEqualTo(new PlanProgress.Decision(List.of(), List.of(), List.of(), null));
  }

  @Test
  void aRunningStepDelaysTheDegradedFinish() {
    Plan plan = plan(agent("a").asOptional(), agent("b"));

    PlanProgress.Decision decision = PlanProgress.next(plan, Map.of("a", FAILED, "b", RUNNING));

    assertThat(decision.finish()).isNull();
  }

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void theEventsAfterASuccessStartFirstAttemptsWithTheirRequestIdsAndRequestApprovals() {
    Plan plan = plan(agent("a"), agent("b", "a"), Step.approval("ok", List.of("a")));

    List<TaskCoordinator.Event> events =
        PlanProgress.eventsAfter(
            "acme:t1", plan, Map.of("a", SUCCEEDED, "b", PENDING, "ok", PENDING), Map.of(), NOW);

    assertThat(events)
        .containsExactly(
            new TaskCoordinator.StepStarted("b", 1, "acme:t1:b:1", NOW),
            new TaskCoordinator.ApprovalRequested("ok", NOW));
  }

  @Test
  void theEventsAfterARequiredFailureSkipWhatIsLeftAndFailTheTaskWithItsError() {
    List<TaskCoordinator.Event> events =
        PlanProgress.eventsAfter(
            "acme:t1",
            DIAMOND,
            Map.of("a", FAILED, "b", PENDING, "c", PENDING, "d", PENDING),
            Map.of("a", "step 'a' failed"),
            NOW);

    assertThat(events)
        .containsExactly(
            new TaskCoordinator.StepsSkipped(List.of("b", "c", "d"), "a required step failed", NOW),
            new TaskCoordinator.TaskFinished(TaskStatus.FAILED, List.of("step 'a' failed"), NOW));
  }

  @Test
  void aTaskWhoseOptionalStepFailedEndsDegradedNamingThatStep() {
    Plan plan = plan(agent("a"), Step.agent("extra", "echo", List.of(), 30_000, 1).asOptional());

    List<TaskCoordinator.Event> events =
        PlanProgress.eventsAfter(
            "acme:t1", plan, Map.of("a", SUCCEEDED, "extra", FAILED), Map.of(), NOW);

    assertThat(events)
        .containsExactly(
            new TaskCoordinator.TaskFinished(
                TaskStatus.DEGRADED, List.of("optional step 'extra' failed"), NOW));
  }

  @Test
  void anOptionalStepSkippedForTheBudgetLetsItsDependentsRunAndDegradesTheTask() {
    Plan plan = plan(agent("polish").asOptional(), agent("send", "polish"));

    PlanProgress.Decision next =
        PlanProgress.next(plan, Map.of("polish", SKIPPED, "send", PENDING));
    assertThat(next.start()).containsExactly("send");
    assertThat(next.finish()).isNull();

    List<TaskCoordinator.Event> events =
        PlanProgress.eventsAfter(
            "acme:t1", plan, Map.of("polish", SKIPPED, "send", SUCCEEDED), Map.of(), Instant.EPOCH);
    assertThat(events)
        .singleElement()
        .isEqualTo(
            new TaskCoordinator.TaskFinished(
                TaskStatus.DEGRADED, List.of("optional step 'polish' was skipped"), Instant.EPOCH));
  }
}
