package ai.maily.mesh.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.agent.AgentBreakers;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.Account;
import ai.maily.mesh.core.budget.BudgetLedger;
import ai.maily.mesh.core.budget.BudgetView;
import ai.maily.mesh.core.budget.CostMeter;
import ai.maily.mesh.core.budget.Meter;
import ai.maily.mesh.core.budget.TenantBudget;
import ai.maily.mesh.core.budget.Usage;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.MemoryState;
import ai.maily.mesh.core.memory.NewMemory;
import ai.maily.mesh.core.memory.ScoredMemory;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.core.resilience.BreakerState;
import ai.maily.mesh.core.task.Plan;
import ai.maily.mesh.core.task.PlanProblem;
import ai.maily.mesh.core.task.Step;
import ai.maily.mesh.core.task.StepKind;
import ai.maily.mesh.core.task.StepStatus;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskStatus;
import ai.maily.mesh.core.task.TaskSubmission;
import ai.maily.mesh.core.task.TaskView;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message, event, reply and state round-trips through the CBOR serializer. */
class SerializationTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final SerializationTestKit serialization =
      new SerializationTestKit(testKit.system());
  private static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<CborSerializable> messages() {
    ActorRef<AgentEntity.WorkOutcome> outcomes =
        testKit.createTestProbe(AgentEntity.WorkOutcome.class).ref();
    ActorRef<AgentEntity.AgentView> views =
        testKit.createTestProbe(AgentEntity.AgentView.class).ref();
    ActorRef<TaskCoordinator.TaskReply> replies =
        testKit.createTestProbe(TaskCoordinator.TaskReply.class).ref();
    ActorRef<BudgetLedger.LedgerReply> ledgerReplies =
        testKit.createTestProbe(BudgetLedger.LedgerReply.class).ref();
    ActorRef<BudgetView> budgets = testKit.createTestProbe(BudgetView.class).ref();
    Account account =
        new Account(
            "USD",
            new Meter(100_000L, 1740, 2000, 96_260L),
            new CostMeter(
                new BigDecimal("1.000000"),
                new BigDecimal("0.000549"),
                new BigDecimal("0.000660"),
                new BigDecimal("0.998791")));
    BudgetView budget =
        new BudgetView(
            new TenantBudget(
                "acme",
                "2026-11",
                "USD",
                new Meter(null, 1740, 2000, null),
                account.cost(),
                1,
                new TenantBudget.TaskLimit(100_000L, new BigDecimal("1.000000"))),
            Map.of("t1", account));
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("score", 7.5);
    data.putArray("findings").addObject().put("rule", "unsubscribe-link");
    AgentRequest request = new AgentRequest("acme:t1:s1:1", "acme", "t1", "s1", data);
    AgentOutput output = new AgentOutput(data, "score 7.5/10");
    Plan plan =
        new Plan(
            List.of(
                Step.agent("a", "compliance", List.of(), 30_000, 3),
                Step.approval("ok", List.of("a")).asOptional()));
    TaskSubmission submission = TaskSubmission.of("email-check", plan, data, "key-1", "alice");
    TaskView view =
        new TaskView(
            "t1",
            "acme",
            TaskStatus.DEGRADED,
            "email-check",
            List.of(
                new TaskView.StepView(
                    "a",
                    "compliance",
                    StepKind.AGENT,
                    StepStatus.SUCCEEDED,
                    1,
                    false,
                    List.of(),
                    data,
                    "ok",
                    null,
                    null)),
            data,
            List.of("optional step 'ok' failed"),
            "alice",
            AT,
            AT,
            null);
    ActorRef<AgentMemory.MemoryReply> memoryReplies =
        testKit.createTestProbe(AgentMemory.MemoryReply.class).ref();
    var memory = JournalSamples.memory();
    List<AgentEntity.Event> agentEvents = JournalSamples.agentEvents();
    List<TaskCoordinator.Event> taskEvents = JournalSamples.taskEvents();
    Stream<CborSerializable> messages =
        Stream.of(
            request,
            output,
            new AgentEntity.Perform(request, outcomes),
            new AgentEntity.GetState(views),
            new AgentEntity.Batch(agentEvents),
            new AgentEntity.WorkOutcome(
                "r1", AgentEntity.WorkOutcome.Status.COMPLETED, output, null, false, null),
            new AgentEntity.AgentView(
                "acme", "compliance", 0, "IDLE", 0, 0, 3, 1, 10, 12, "ok", data, AT),
            new AgentBreakers.BreakerChanged(
                "compliance", BreakerState.CLOSED, BreakerState.OPEN, "5 failures", AT),
            plan,
            new PlanProblem("steps[0].agent", "unknown agent 'x'"),
            submission,
            new TaskCoordinator.Submit(submission, replies),
            new TaskCoordinator.Cancel("carol", "wrong brief", replies),
            new TaskCoordinator.Decide("ok", true, "bob", "fine", replies),
            new TaskCoordinator.TaskFinished(TaskStatus.COMPLETED, List.of(), AT),
            new TaskCoordinator.Batch(taskEvents),
            new TaskCoordinator.TaskEnded("acme", "t1", TaskStatus.COMPLETED, AT),
            new TaskCoordinator.Done(view, true),
            new TaskCoordinator.Refused(
                new Rejection(ProblemType.INVALID_PLAN, "1 problem(s) in the submission"),
                List.of(new PlanProblem("steps[0].agent", "unknown agent 'x'"))),
            view,
            view.withBudget(budget.tasks().get("t1")),
            new AgentEntity.WorkOutcome(
                "r2",
                AgentEntity.WorkOutcome.Status.FAILED,
                null,
                "over budget",
                false,
                ProblemType.BUDGET_EXCEEDED),
            new AgentMemory.Remember(
                new NewMemory(null, MemoryKind.FACT, "We roast in Portland.", "alice"),
                memory.embedding(),
                memoryReplies),
            new AgentMemory.Forget("m-1", "bob", memoryReplies),
            new AgentMemory.Search(
                memory.embedding(),
                5,
                Set.of(MemoryKind.FACT, MemoryKind.PREFERENCE),
                memoryReplies),
            new AgentMemory.Recent(Set.of(MemoryKind.APPROVED_EXAMPLE), 10, memoryReplies),
            new AgentMemory.Remembered(memory, true, List.of("m-0")),
            new AgentMemory.Forgotten("m-1"),
            new AgentMemory.Found(List.of(new ScoredMemory(memory, 0.75))),
            new AgentMemory.Listed(List.of(memory), Map.of(MemoryKind.APPROVED_EXAMPLE, 1)),
            new AgentMemory.Refused(
                new Rejection(ProblemType.INVALID_REQUEST, "1 problem(s) in the memory"),
                List.of(new Problem.Violation("text", "is required and must not be blank"))),
            new MemoryState(List.of(memory)));
    Stream<CborSerializable> ledger =
        Stream.of(
            new BudgetLedger.Reserve("t1", "r1", "gpt-4o-mini", 1200, 800, ledgerReplies),
            new BudgetLedger.Settle(JournalSamples.reservation(), 1100, 640, ledgerReplies),
            new BudgetLedger.Release(JournalSamples.reservation(), ledgerReplies),
            new BudgetLedger.GetBudget(List.of("t1"), budgets),
            new BudgetLedger.Granted(JournalSamples.reservation()),
            new BudgetLedger.Recorded(new Usage(1740, 549)),
            new BudgetLedger.Refused(new Rejection(ProblemType.BUDGET_EXCEEDED, "no tokens left")),
            budget);
    return Stream.of(
            messages,
            ledger,
            agentEvents.stream(),
            taskEvents.stream(),
            JournalSamples.memoryEvents().stream())
        .flatMap(s -> s)
        .map(CborSerializable.class::cast);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughCbor(CborSerializable message) {
    assertThat(serializerOf(message)).isInstanceOf(JacksonCborSerializer.class);
    serialization.verifySerialization(message, true);
  }

  @Test
  void aBatchNamesItsEventsByTypeNameNotByClass() throws Exception {
    var batch =
        new TaskCoordinator.Batch(
            List.of(
                new TaskCoordinator.StepStarted("a", 1, "acme:t1:a:1", AT),
                new TaskCoordinator.ApprovalRequested("ok", AT)));

    byte[] bytes =
        SerializationExtension.get(Adapter.toClassic(testKit.system())).serialize(batch).get();

    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("StepStarted", "ApprovalRequested").doesNotContain("ai.maily");
  }

  private static Object serializerOf(Object message) {
    return SerializationExtension.get(Adapter.toClassic(testKit.system()))
        .findSerializerFor(message);
  }
}
