package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.budget.LedgerState.Totals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one tenant's ledger decides and shows from its totals and its limits: whether a reservation
 * fits, and the budgets as the API shows them. Plain code, so that {@link BudgetLedger} keeps to
 * its commands and events.
 */
final class LedgerRules {

  private final String tenant;
  private final BudgetSettings settings;

  LedgerRules(String tenant, BudgetSettings settings) {
    this.tenant = tenant;
    this.settings = settings;
  }

  /**
   * Why {@code reservation} would cross the task's or the tenant's budget at {@code now}, which
   * {@code totals} give; empty when it fits both.
   */
  Optional<String> exceeded(Reservation reservation, Totals totals, Instant now) {
    Usage estimate = reservation.estimate();
    if (!reservation.taskId().isEmpty()) {
      Optional<String> task =
          exceeded(
              "task " + reservation.taskId(),
              settings.limits().task(tenant),
              totals.taskUsed().plus(totals.taskReserved()),
              estimate);
      if (task.isPresent()) {
        return task;
      }
    }
    return exceeded(
        "tenant " + tenant + " (period " + settings.period().keyOf(now) + ")",
        settings.limits().tenant(tenant),
        totals.tenantUsed().plus(totals.tenantReserved()),
        estimate);
  }

  private Optional<String> exceeded(String whose, Limit limit, Usage held, Usage estimate) {
    long tokensLeft = left(limit.tokens(), held.tokens());
    long costLeft = left(limit.costMicros(), held.costMicros());
    if (estimate.tokens() <= tokensLeft && estimate.costMicros() <= costLeft) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            "the call may use %d tokens costing %s %s; the budget of %s has %s left",
            estimate.tokens(),
            estimate.cost().toPlainString(),
            settings.currency(),
            whose,
            describeLeft(limit, tokensLeft, costLeft)));
  }

  private static long left(OptionalLong limit, long held) {
    return limit.isPresent() ? Math.max(0, limit.getAsLong() - held) : Long.MAX_VALUE;
  }

  private String describeLeft(Limit limit, long tokensLeft, long costLeft) {
    List<String> parts = new ArrayList<>();
    if (limit.tokens().isPresent()) {
      parts.add(tokensLeft + " tokens");
    }
    if (limit.costMicros().isPresent()) {
      parts.add(Money.decimal(costLeft).toPlainString() + " " + settings.currency());
    }
    return String.join(" and ", parts);
  }

  /** The tenant's budget and each of {@code taskIds}'s, at {@code now}. */
  BudgetView view(LedgerState state, List<String> taskIds, Instant now) {
    Limit taskLimit = settings.limits().task(tenant);
    Map<String, Account> tasks = new LinkedHashMap<>();
    for (String taskId : taskIds) {
      Totals totals = state.totals(taskId, now, settings.period());
      tasks.put(taskId, account(taskLimit, totals.taskUsed(), totals.taskReserved()));
    }
    Totals totals = state.totals("", now, settings.period());
    Account account =
        account(settings.limits().tenant(tenant), totals.tenantUsed(), totals.tenantReserved());
    TenantBudget budget =
        new TenantBudget(
            tenant,
            settings.period().keyOf(now),
            settings.currency(),
            account.tokens(),
            account.cost(),
            state.openCount(),
            new TenantBudget.TaskLimit(
                boxed(taskLimit.tokens()),
                taskLimit.costMicros().isPresent()
                    ? Money.decimal(taskLimit.costMicros().getAsLong())
                    : null));
    return new BudgetView(budget, tasks);
  }

  private Account account(Limit limit, Usage used, Usage reserved) {
    return new Account(
        settings.currency(),
        Meter.of(boxed(limit.tokens()), used.tokens(), reserved.tokens()),
        CostMeter.ofMicros(boxed(limit.costMicros()), used.costMicros(), reserved.costMicros()));
  }

  private static Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
