package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import java.util.Map;

/**
 * A ledger's answer to a query: the tenant's budget, and the budget of each task asked about.
 *
 * @param tasks by task id; a task the ledger knows nothing of has used nothing
 */
public record BudgetView(TenantBudget tenant, Map<String, Account> tasks)
    implements CborSerializable {

  public BudgetView {
    tasks = Map.copyOf(tasks);
  }
}
