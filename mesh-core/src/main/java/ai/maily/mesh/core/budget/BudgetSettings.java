package ai.maily.mesh.core.budget;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The budgets of language-model use, read once from {@code mesh.ai.budget} (ADR 0029).
 *
 * @param currency what costs are counted in, e.g. {@code USD}; prices and cost limits are in it
 * @param period how long a tenant's budget lasts before its use starts again
 * @param limits the limits of each tenant and of each of its tasks
 * @param prices what each model costs
 * @param reservationTimeout how long a reservation waits for its settlement; then it expires and
 *     its estimate counts as spent
 * @param dedupWindow how many ended reservations a ledger remembers, to answer a settle or reserve
 *     retried with their request id
 * @param tasksKept how many tasks a ledger keeps the use of, the most recently active first
 * @param snapshotEvery events between a ledger's snapshots
 * @param policy how a coordinator spends what is left of a budget
 */
public record BudgetSettings(
    String currency,
    BudgetPeriod period,
    BudgetLimits limits,
    PriceTable prices,
    Duration reservationTimeout,
    int dedupWindow,
    int tasksKept,
    int snapshotEvery,
    BudgetPolicy policy) {

  /** The settings under {@code mesh.ai.budget} of a system's whole configuration. */
  public static BudgetSettings fromConfig(Config config) {
    Config budget = config.getConfig("mesh.ai.budget");
    PriceTable prices = PriceTable.fromConfig(budget.getConfig("prices"));
    return new BudgetSettings(
        budget.getString("currency"),
        BudgetPeriod.fromConfig(budget.getString("period")),
        BudgetLimits.fromConfig(budget),
        prices,
        budget.getDuration("reservation-timeout"),
        budget.getInt("ledger.dedup-window"),
        budget.getInt("ledger.tasks-kept"),
        budget.getInt("ledger.snapshot-every"),
        new BudgetPolicy(
            budget.getDouble("coordinator.near-limit-calls"),
            budget.getInt("coordinator.max-variants"),
            prices.fallback()));
  }
}
