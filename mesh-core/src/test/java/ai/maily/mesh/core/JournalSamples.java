package ai.maily.mesh.core;

import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentOutput;
import ai.maily.mesh.core.agent.AgentRequest;
import ai.maily.mesh.core.budget.BudgetLedger;
import ai.maily.mesh.core.budget.Reservation;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.Memory;
import ai.maily.mesh.core.memory.MemoryKind;
import ai.maily.mesh.core.memory.UnitVector;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.Plan;
import ai.maily.mesh.core.task.Step;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskStatus;
import ai.maily.mesh.core.task.TaskSubmission;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One instance of every event the entities journal, with fixed contents. */
final class JournalSamples {

  static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");

  private JournalSamples() {}

  static ObjectNode data() {
    ObjectNode data = JsonNodeFactory.instance.objectNode().put("score", 7.5);
    data.putArray("findings").addObject().put("rule", "unsubscribe-link");
    return data;
  }

  static AgentRequest request() {
    return new AgentRequest("acme:t1:s1:1", "acme", "t1", "s1", data());
  }

  static AgentOutput output() {
    return new AgentOutput(data(), "score 7.5/10");
  }

  static TaskSubmission submission() {
    Plan plan =
        new Plan(
            List.of(
                Step.agent("a", "compliance", List.of(), 30_000, 3),
                Step.approval("ok", List.of("a")).asOptional()));
    return TaskSubmission.of("email-check", plan, data(), "key-1", "alice");
  }

  /** Every event an agent entity's batch holds. */
  static List<AgentEntity.Event> agentEvents() {
    return List.of(
        new AgentEntity.WorkAccepted(request(), AT),
        new AgentEntity.WorkCompleted("r1", output(), 12, AT),
        new AgentEntity.WorkFailed("r1", "boom", true, null, 12, AT));
  }

  /** Every event a coordinator's batch holds. */
  static List<TaskCoordinator.Event> taskEvents() {
    return List.of(
        new TaskCoordinator.TaskSubmitted("t1", "acme", submission(), AT),
        new TaskCoordinator.StepStarted("a", 1, "acme:t1:a:1", AT),
        new TaskCoordinator.StepSucceeded("a", 1, output(), AT),
        new TaskCoordinator.StepAttemptFailed("a", 1, "boom", null, 150, AT),
        new TaskCoordinator.StepFailed("a", "failed after 3 attempt(s)", null, AT),
        new TaskCoordinator.StepsSkipped(List.of("b", "c"), "a required step failed", AT),
        new TaskCoordinator.ApprovalRequested("ok", AT),
        new TaskCoordinator.ApprovalDecided("ok", false, "bob", "off brand", AT),
        new TaskCoordinator.TaskCancelled("carol", "", AT));
  }

  /** A memory with a short embedding. */
  static Memory memory() {
    return new Memory(
        "m-1",
        MemoryKind.APPROVED_EXAMPLE,
        "Grab a bag before it's gone!",
        "alice",
        AT,
        UnitVector.of(new float[] {0.6f, 0.8f, 0f}));
  }

  /** Every event a memory entity writes, each a row of its own. */
  static List<AgentMemory.Event> memoryEvents() {
    return List.of(
        new AgentMemory.MemoryAdded(memory(), List.of("m-0")),
        new AgentMemory.MemoryForgotten("m-1", "bob", AT));
  }

  static Reservation reservation() {
    return new Reservation("acme:t1:s1:1:llm:1", "acme", "t1", "gpt-4o-mini", 1200, 800, 660, AT);
  }

  /** Every event a budget ledger writes. */
  static List<BudgetLedger.Event> ledgerEvents() {
    return List.of(
        new BudgetLedger.Reserved(reservation(), AT),
        new BudgetLedger.Settled("acme:t1:s1:1:llm:1", "t1", "gpt-4o-mini", 1100, 640, 549, AT),
        new BudgetLedger.Released("acme:t1:s1:1:llm:2", AT),
        new BudgetLedger.Expired(List.of("acme:t1:s1:1:llm:3"), AT));
  }

  /**
   * Every kind of journal row: each event alone, each entity's batch, a task's end, the failures
   * that carry a problem type, a ledger's events and a memory's.
   */
  static List<CborSerializable> rows() {
    List<CborSerializable> rows = new ArrayList<>();
    rows.addAll(agentEvents());
    rows.add(new AgentEntity.Batch(agentEvents()));
    rows.addAll(taskEvents());
    rows.add(new TaskCoordinator.Batch(taskEvents()));
    rows.add(new TaskCoordinator.TaskFinished(TaskStatus.DEGRADED, List.of("optional"), AT));
    rows.add(
        new AgentEntity.WorkFailed(
            "r1", "over budget", false, ProblemType.BUDGET_EXCEEDED, 12, AT));
    rows.add(
        new TaskCoordinator.StepAttemptFailed(
            "a", 1, "over budget", ProblemType.BUDGET_EXCEEDED, -1, AT));
    rows.add(
        new TaskCoordinator.StepFailed(
            "a", "failed, not retryable: over budget", ProblemType.BUDGET_EXCEEDED, AT));
    rows.addAll(ledgerEvents());
    rows.addAll(memoryEvents());
    return rows;
  }
}
