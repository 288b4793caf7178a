package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.WorkOutcome;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.TestAgents;
import ai.maily.mesh.core.budget.Account;
import ai.maily.mesh.core.budget.BudgetPolicy;
import ai.maily.mesh.core.budget.BudgetView;
import ai.maily.mesh.core.budget.CostMeter;
import ai.maily.mesh.core.budget.Meter;
import ai.maily.mesh.core.budget.Price;
import ai.maily.mesh.core.budget.TenantBudget;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.TaskCoordinator.TaskReply;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator's part in budgets (ADR 0029): steps whose agents spend are sent once the ledger
 * says what is left, with a hint; an optional one is skipped near the limit; a call the ledger
 * refused fails its step at once as budget-exceeded.
 */
class TaskBudgetTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final TaskSettings SETTINGS =
      TaskSettings.fromConfig(testKit.system().settings().config().getConfig("mesh.tasks"));
  // The writer spends about 1,000 tokens a request; near the limit below 3 of them; 5 variants.
  private static final BudgetPolicy POLICY =
      new BudgetPolicy(3, 5, new Price(BigDecimal.ZERO, BigDecimal.ZERO));

  private final AgentRegistry registry =
      AgentRegistry.of(List.of(TestAgents.echo("writer"), TestAgents.echo("checker")));
  private final TestProbe<AgentEntity.Command> agents = testKit.createTestProbe();
  private final List<String> ledgerAsked = new CopyOnWriteArrayList<>();
  private volatile CompletionStage<BudgetView> ledgerAnswer;
  private String taskId;
  private EventSourcedBehaviorTestKit<TaskCoordinator.Command, TaskCoordinator.Event, TaskState>
      kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newTask() {
    taskId = UUID.randomUUID().toString();
    StepBudgets budgets =
        new StepBudgets(
            agent -> agent.equals("writer") ? 1000 : 0,
            POLICY,
            (tenant, taskIds) -> {
              ledgerAsked.add(tenant + ":" + taskIds);
              return ledgerAnswer;
            });
    kit =
        EventSourcedBehaviorTestKit.create(
            testKit.system(),
            TaskCoordinator.create(
                TaskIds.entityId("acme", taskId),
                SETTINGS,
                new PlanValidator(registry::contains, SETTINGS.limits()),
                (tenant, agentType, requestId) -> agents.ref(),
                new TaskAdmission(8, 8, Duration.ofSeconds(1)),
                testKit.<TaskRecovery.Command>createTestProbe().ref(),
                budgets,
                testKit.<ClusterSharding.ShardCommand>createTestProbe().ref()));
  }

  /** What the ledger answers: the task has {@code tokensLeft} of its 10,000 tokens left. */
  private BudgetView taskHas(long tokensLeft) {
    Meter plenty = new Meter(1_000_000L, 0, 0, 1_000_000L);
    CostMeter free = new CostMeter(null, BigDecimal.ZERO, BigDecimal.ZERO, null);
    return new BudgetView(
        new TenantBudget("acme", "2026-11", "USD", plenty, free, 0, null),
        Map.of(
            taskId,
            new Account("USD", new Meter(10_000L, 10_000 - tokensLeft, 0, tokensLeft), free)));
  }

  private static Step step(String id, String agent, String... deps) {
    return Step.agent(id, agent, List.of(deps), 2_000, 3);
  }

  private void submit(Step... steps) {
    TaskSubmission submission =
        TaskSubmission.of(
            "",
            new Plan(List.of(steps)),
            JsonNodeFactory.instance.objectNode().put("brief", "spring sale"),
            "",
            "alice");
    TaskReply reply =
        kit.<TaskReply>runCommand(r -> new TaskCoordinator.Submit(submission, r)).reply();
    assertThat(reply).isInstanceOf(TaskCoordinator.Done.class);
  }

  private TaskView view() {
    TaskSubmission submission = kit.getState().submission();
    TaskReply reply =
        kit.<TaskReply>runCommand(r -> new TaskCoordinator.Submit(submission, r)).reply();
    return ((TaskCoordinator.Done) reply).task();
  }

  private void awaitStatus(TaskStatus status) {
    testKit
        .createTestProbe()
        .awaitAssert(
            () -> {
              assertThat(view().status()).isEqualTo(status);
              return null;
            });
  }

  private AgentEntity.Perform nextPerform() {
    return agents.expectMessageClass(AgentEntity.Perform.class);
  }

  private static void complete(AgentEntity.Perform perform) {
    perform
        .replyTo()
        .tell(
            new WorkOutcome(
                perform.request().requestId(),
                WorkOutcome.Status.COMPLETED,
                new AgentOutput(JsonNodeFactory.instance.objectNode().put("ok", true), "ok"),
                null,
                false,
                null));
  }

  private List<TaskCoordinator.Event> events() {
    return kit.persistenceTestKit().persistedInStorage("Task|acme:" + taskId).stream()
        .map(TaskCoordinator.Event.class::cast)
        .flatMap(row -> TaskCoordinator.unpacked(row).stream())
        .toList();
  }

  @Test
  void aStepWhoseAgentSpendsIsSentWithWhatIsLeftOfTheBudget() {
    ledgerAnswer = CompletableFuture.completedFuture(taskHas(2_400));

    submit(step("draft", "writer"));

    AgentEntity.Perform draft = nextPerform();
    assertThat(ledgerAsked).containsExactly("acme:[" + taskId + "]");
    assertThat(draft.request().input().get("budget"))
        .isEqualTo(
            JsonNodeFactory.instance
                .objectNode()
                .put("remainingTokens", 2_400L)
                .put("nearLimit", true)
                .put("maxVariants", 4));
    assertThat(draft.request().input().get("input").get("brief").asText()).isEqualTo("spring sale");
  }

  @Test
  void aStepWhoseAgentSpendsNothingIsSentAtOnceWithoutAskingTheLedger() {
    submit(step("check", "checker"));

    assertThat(nextPerform().request().input().has("budget")).isFalse();
    assertThat(ledgerAsked).isEmpty();
  }

  @Test
  void anOptionalStepIsSkippedNearTheLimitAndWhatDependsOnItStillRuns() {
    // 1,500 left: the optional polish (about 1,000) and the required final (1,000) do not both fit.
    ledgerAnswer = CompletableFuture.completedFuture(taskHas(1_500));

    submit(step("polish", "writer").asOptional(), step("final", "writer", "polish"));

    AgentEntity.Perform last = nextPerform();
    assertThat(last.request().stepId()).isEqualTo("final");
    assertThat(last.request().input().get("budget").get("maxVariants").asInt()).isEqualTo(2);
    complete(last);
    awaitStatus(TaskStatus.DEGRADED);
    TaskView view = view();
    TaskView.StepView polish = view.steps().get(0);
    assertThat(polish.status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(polish.summary()).contains("the budget is near its limit", "1500 tokens are left");
    assertThat(view.reasons()).contains("optional step 'polish' was skipped");
    assertThat(events())
        .filteredOn(TaskCoordinator.StepsSkipped.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((TaskCoordinator.StepsSkipped) e).stepIds()).containsExactly("polish"));
  }

  @Test
  void aCallTheLedgerRefusedFailsItsStepAtOnceAsBudgetExceeded() {
    ledgerAnswer = CompletableFuture.completedFuture(taskHas(5_000));
    submit(step("draft", "writer"), step("check", "checker", "draft"));

    AgentEntity.Perform draft = nextPerform();
    draft
        .replyTo()
        .tell(
            new WorkOutcome(
                draft.request().requestId(),
                WorkOutcome.Status.FAILED,
                null,
                "the call may use 6000 tokens; the budget of task t has 5000 tokens left",
                false,
                ProblemType.BUDGET_EXCEEDED));

    awaitStatus(TaskStatus.FAILED);
    agents.expectNoMessage();
    TaskView.StepView failed = view().steps().get(0);
    assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.errorType()).isEqualTo("urn:maily:problem:budget-exceeded");
    assertThat(failed.error()).contains("not retryable", "5000 tokens left");
    assertThat(events())
        .filteredOn(TaskCoordinator.StepFailed.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((TaskCoordinator.StepFailed) e).problem())
                    .isEqualTo(ProblemType.BUDGET_EXCEEDED));
    kit.restart();
    assertThat(view().steps().get(0).errorType()).isEqualTo("urn:maily:problem:budget-exceeded");
  }

  @Test
  void aStepIsSentWithoutAHintWhenTheLedgerDoesNotAnswer() {
    ledgerAnswer = CompletableFuture.failedFuture(new IllegalStateException("ledger unreachable"));

    submit(step("draft", "writer").asOptional());

    AgentEntity.Perform draft = nextPerform();
    assertThat(draft.request().input().has("budget")).isFalse();
    complete(draft);
    awaitStatus(TaskStatus.COMPLETED);
  }

  @Test
  void aRestartedTaskAsksTheLedgerAgainBeforeItSendsItsStepAgain() {
    ledgerAnswer = CompletableFuture.completedFuture(taskHas(9_000));
    submit(step("draft", "writer"));
    String requestId = nextPerform().request().requestId();

    kit.restart();

    AgentEntity.Perform again = nextPerform();
    assertThat(again.request().requestId()).isEqualTo(requestId);
    assertThat(again.request().input().get("budget").get("remainingTokens").asLong())
        .isEqualTo(9_000);
    assertThat(ledgerAsked).hasSize(2);
  }
}
