package ai.maily.mesh.core.budget;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.budget.BudgetPolicy.Run;
import ai.maily.mesh.core.budget.BudgetPolicy.Skip;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetPolicyTest {

  // A token costs at most 0.01 per 1,000: 1.00 of the currency buys 100,000 tokens.
  private static final BudgetPolicy POLICY =
      new BudgetPolicy(3, 5, new Price(new BigDecimal("0.005"), new BigDecimal("0.01")));

  private static final Account PLENTY = account(1_000_000L, null);

  private static Account account(Long tokensLeft, String costLeft) {
    return new Account(
        "USD",
        new Meter(tokensLeft == null ? null : tokensLeft + 100, 100, 0, tokensLeft),
        new CostMeter(
            costLeft == null ? null : new BigDecimal(costLeft),
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            costLeft == null ? null : new BigDecimal(costLeft)));
  }

  private static BudgetView view(Account tenant, Account task) {
    return new BudgetView(
        new TenantBudget("acme", "2026-11", "USD", tenant.tokens(), tenant.cost(), 0, null),
        Map.of("t1", task));
  }

  @Test
  void aStepWithPlentyLeftRunsWithEveryVariant() {
    var decision = POLICY.decide(view(PLENTY, account(50_000L, null)), "t1", 1000, true, 2000);

    assertThat(decision).isEqualTo(new Run(new BudgetHint(50_000L, false, 5)));
  }

  @Test
  void nothingLimitsAStepWhenNoBudgetHasABound() {
    var decision =
        POLICY.decide(view(account(null, null), account(null, null)), "t1", 1000, true, 0);

    assertThat(decision).isEqualTo(new Run(new BudgetHint(null, false, 5)));
  }

  @Test
  void anOptionalStepIsSkippedWhenItWouldEatWhatTheRequiredStepsAheadNeed() {
    var decision = POLICY.decide(view(PLENTY, account(2_500L, null)), "t1", 1000, true, 2000);

    assertThat(decision)
        .isInstanceOfSatisfying(
            Skip.class,
            skip ->
                assertThat(skip.reason())
                    .contains("2500 tokens are left", "steps ahead need about 2000"));
  }

  @Test
  void aRequiredStepIsNeverSkippedTheLedgerDecidesWhetherItsCallFits() {
    var decision = POLICY.decide(view(PLENTY, account(500L, null)), "t1", 1000, false, 2000);

    assertThat(decision).isEqualTo(new Run(new BudgetHint(500L, true, 1)));
  }

  @Test
  void nearTheLimitAStepAsksForFewerVariantsInProportion() {
    // Near below 3 calls of 1,000: 2,400 left is 80% of that, so 4 of 5 variants; 1,300 is 43%: 2.
    assertThat(POLICY.decide(view(PLENTY, account(2_400L, null)), "t1", 1000, false, 0))
        .isEqualTo(new Run(new BudgetHint(2_400L, true, 4)));
    assertThat(POLICY.decide(view(PLENTY, account(1_300L, null)), "t1", 1000, false, 0))
        .isEqualTo(new Run(new BudgetHint(1_300L, true, 2)));
    assertThat(POLICY.decide(view(PLENTY, account(3_000L, null)), "t1", 1000, false, 0))
        .isEqualTo(new Run(new BudgetHint(3_000L, false, 5)));
  }

  @Test
  void aCostBudgetCountsInTheTokensItBuysAtTheHighestPrice() {
    // 0.02 left at 0.01 per 1,000 tokens buys 2,000 tokens, fewer than the 50,000 tokens left.
    var decision = POLICY.decide(view(PLENTY, account(50_000L, "0.02")), "t1", 1000, false, 0);

    assertThat(decision).isEqualTo(new Run(new BudgetHint(2_000L, true, 3)));
  }

  @Test
  void theTenantsBudgetCountsAsMuchAsTheTasks() {
    var decision =
        POLICY.decide(view(account(1_500L, null), account(50_000L, null)), "t1", 1000, true, 1000);

    assertThat(decision).isInstanceOf(Skip.class);
  }
}
