package ai.maily.mesh.core.budget;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** Reads a tenant's budget from its ledger: the node's {@link Budgets}, or a test's own. */
@FunctionalInterface
public interface BudgetReader {

  /** The tenant's budget and that of each of {@code taskIds}. */
  CompletionStage<BudgetView> view(String tenant, List<String> taskIds);
}
