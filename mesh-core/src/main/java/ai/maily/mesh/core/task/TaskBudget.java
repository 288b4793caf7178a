package ai.maily.mesh.core.task;

import ai.maily.mesh.core.budget.BudgetHint;
import ai.maily.mesh.core.budget.BudgetPolicy;
import ai.maily.mesh.core.budget.BudgetView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * One coordinator's part in budgets (ADR 0029): before it sends a step whose agent calls a language
 * model, it asks the tenant's ledger what the tenant and the task have left; from the answer it
 * skips an optional step, or sends the step with a {@link BudgetHint} in its input. Steps of other
 * agents are sent at once, as before.
 */
final class TaskBudget {

  /** A check's answer, by the coordinator: skip the step, or send it with this input. */
  sealed interface Verdict {}

  /** Skip the step; {@code reason} says why. */
  record Skip(String reason) implements Verdict {}

  /** Send the step with {@code input}. */
  record Send(JsonNode input) implements Verdict {}

  private final String tenant;
  private final String taskId;
  private final StepBudgets budgets;
  private final Set<String> checking = new HashSet<>();

  TaskBudget(String tenant, String taskId, StepBudgets budgets) {
    this.tenant = tenant;
    this.taskId = taskId;
    this.budgets = budgets;
  }

  /** Whether the step's agent spends a language-model budget. */
  boolean spends(Step step) {
    return step.kind() == StepKind.AGENT && budgets.expectedTokens().applyAsLong(step.agent()) > 0;
  }

  /**
   * Asks the ledger about the attempt {@code requestId} of {@code step}, unless it was asked
   * already; its answer, or its failure, comes back to the coordinator as a {@link
   * TaskCoordinator.BudgetChecked}.
   */
  void check(
      ActorContext<TaskCoordinator.Command> context,
      Step step,
      int attempt,
      String requestId,
      JsonNode input) {
    if (!checking.add(requestId)) {
      return;
    }
    context.pipeToSelf(
        budgets.ledgers().view(tenant, List.of(taskId)),
        (view, failure) -> {
          if (failure != null) {
            context
                .getLog()
                .warn(
                    "task {}: the budget ledger did not answer ({}); step '{}' runs without a hint,"
                        + " its reservation still holds the budget",
                    taskId,
                    failure.toString(),
                    step.id());
          }
          return new TaskCoordinator.BudgetChecked(step.id(), attempt, requestId, input, view);
        });
  }

  /**
   * What to do with the checked attempt: skip an optional step that what is left would not cover
   * along with the required steps ahead; otherwise send it, with the hint when the ledger answered.
   */
  Verdict answered(TaskState state, Step step, TaskCoordinator.BudgetChecked checked) {
    checking.remove(checked.requestId());
    BudgetView view = checked.view();
    if (view == null) {
      return new Send(checked.input());
    }
    BudgetPolicy.Decision decision =
        budgets
            .policy()
            .decide(
                view,
                taskId,
                budgets.expectedTokens().applyAsLong(step.agent()),
                step.optional(),
                requiredTokensAhead(state, step));
    if (decision instanceof BudgetPolicy.Skip skip) {
      return new Skip(skip.reason());
    }
    ObjectNode input = checked.input().deepCopy();
    input.set(BudgetHint.FIELD, ((BudgetPolicy.Run) decision).hint().toJson());
    return new Send(input);
  }

  /** What the required steps that spend and have not started yet typically need. */
  private long requiredTokensAhead(TaskState state, Step step) {
    long ahead = 0;
    for (Step other : state.plan().steps()) {
      if (!other.id().equals(step.id())
          && !other.optional()
          && state.step(other.id()).status == StepStatus.PENDING
          && spends(other)) {
        ahead += budgets.expectedTokens().applyAsLong(other.agent());
      }
    }
    return ahead;
  }
}
