package ai.maily.mesh.core.task;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.budget.BudgetPolicy;
import ai.maily.mesh.core.budget.BudgetReader;
import ai.maily.mesh.core.budget.BudgetSettings;
import ai.maily.mesh.core.budget.Budgets;
import ai.maily.mesh.core.budget.Price;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * What a node's coordinators know of budgets (ADR 0029): which agents spend a language-model budget
 * and about how much a request, how to read a tenant's ledger, and the policy that decides from
 * what is left.
 *
 * @param expectedTokens what one request of an agent type typically spends; 0 for one that calls no
 *     language model
 * @param policy skips optional steps and narrows fan-out near the limit
 * @param ledgers reads a tenant's budget and its task's
 */
public record StepBudgets(
    ToLongFunction<String> expectedTokens, BudgetPolicy policy, BudgetReader ledgers) {

  /** The node's: the registry's agents, the node's ledgers, the configured policy. */
  public static StepBudgets of(ActorSystem<?> system, AgentRegistry registry) {
    return new StepBudgets(
        agent -> registry.find(agent).map(Agent::expectedTokens).orElse(0L),
        BudgetSettings.fromConfig(system.settings().config()).policy(),
        Budgets.get(system));
  }

  /** For coordinators whose agents call no language model: every step runs as it is. */
  public static StepBudgets none() {
    return new StepBudgets(
        agent -> 0,
        new BudgetPolicy(0, 1, new Price(BigDecimal.ZERO, BigDecimal.ZERO)),
        (tenant, taskIds) ->
            CompletableFuture.failedFuture(
                new IllegalStateException("no step of this node spends a budget")));
  }
}
