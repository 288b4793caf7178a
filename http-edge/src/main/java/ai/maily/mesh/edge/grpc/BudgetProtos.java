package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.core.budget.Account;
import ai.maily.mesh.grpc.v1.Budget;
import ai.maily.mesh.grpc.v1.CostMeter;
import ai.maily.mesh.grpc.v1.TaskLimit;
import ai.maily.mesh.grpc.v1.TenantBudget;
import ai.maily.mesh.grpc.v1.TokenMeter;
import java.math.BigDecimal;

/**
 * Budgets as {@code MeshService} carries them: cost as exact decimal text, unset when unlimited.
 */
final class BudgetProtos {

  private BudgetProtos() {}

  static Budget toProto(Account account) {
    return Budget.newBuilder()
        .setCurrency(account.currency())
        .setTokens(toProto(account.tokens()))
        .setCost(toProto(account.cost()))
        .build();
  }

  static TenantBudget toProto(ai.maily.mesh.core.budget.TenantBudget budget) {
    TaskLimit.Builder taskLimit = TaskLimit.newBuilder().setCost(text(budget.taskLimit().cost()));
    if (budget.taskLimit().tokens() != null) {
      taskLimit.setTokens(budget.taskLimit().tokens());
    }
    return TenantBudget.newBuilder()
        .setTenant(budget.tenant())
        .setPeriod(budget.period())
        .setCurrency(budget.currency())
        .setTokens(toProto(budget.tokens()))
        .setCost(toProto(budget.cost()))
        .setOpenReservations(budget.openReservations())
        .setTaskLimit(taskLimit)
        .build();
  }

  private static TokenMeter toProto(ai.maily.mesh.core.budget.Meter meter) {
    TokenMeter.Builder tokens =
        TokenMeter.newBuilder().setUsed(meter.used()).setReserved(meter.reserved());
    if (meter.limit() != null) {
      tokens.setLimit(meter.limit());
    }
    if (meter.remaining() != null) {
      tokens.setRemaining(meter.remaining());
    }
    return tokens.build();
  }

  private static CostMeter toProto(ai.maily.mesh.core.budget.CostMeter meter) {
    return CostMeter.newBuilder()
        .setLimit(text(meter.limit()))
        .setUsed(text(meter.used()))
        .setReserved(text(meter.reserved()))
        .setRemaining(text(meter.remaining()))
        .build();
  }

  private static String text(BigDecimal amount) {
    return amount == null ? "" : amount.toPlainString();
  }
}
