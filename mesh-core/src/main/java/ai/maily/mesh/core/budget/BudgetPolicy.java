package ai.maily.mesh.core.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How a coordinator spends what is left of a budget on a step that calls a language model (ADR
 * 0029): an optional step is skipped when running it would leave too little for the required steps
 * still ahead; a step that runs near the limit is told to narrow its fan-out. Pure, so the rules
 * are tested without actors. The ledger, not this policy, refuses a call that would cross a budget.
 *
 * @param nearLimitCalls a step is near the limit when fewer than this many of its typical calls are
 *     left
 * @param maxVariants the most variants a step asks for; fewer near the limit, in proportion, at
 *     least 1
 * @param price what a token costs at most, to count a cost budget in tokens: the price of models
 *     the price table does not name, whose dearer rate is taken
 */
public record BudgetPolicy(double nearLimitCalls, int maxVariants, Price price) {

  public BudgetPolicy {
    if (nearLimitCalls < 0 || maxVariants < 1) {
      throw new IllegalArgumentException(
          "near-limit-calls must not be negative and max-variants must be at least 1");
    }
  }

  /** What to do with a step. */
  public sealed interface Decision {}

  /** Do not run the step; {@code reason} says why. */
  public record Skip(String reason) implements Decision {}

  /** Run the step with {@code hint} in its input. */
  public record Run(BudgetHint hint) implements Decision {}

  /**
   * The decision for one step of task {@code taskId}.
   *
   * @param view the tenant's budget and the task's
   * @param expectedTokens what one call of the step's agent typically spends, more than 0
   * @param optional whether the task may go on without the step
   * @param requiredTokensAhead what the task's required steps not started yet typically spend
   */
  public Decision decide(
      BudgetView view,
      String taskId,
      long expectedTokens,
      boolean optional,
      long requiredTokensAhead) {
    Long left = min(tokensLeft(view.tenant().account()), tokensLeft(view.tasks().get(taskId)));
    if (left == null) {
      return new Run(new BudgetHint(null, false, maxVariants));
    }
    if (optional && left < requiredTokensAhead + expectedTokens) {
      return new Skip(
          "the budget is near its limit: about "
              + left
              + " tokens are left, the required steps ahead need about "
              + requiredTokensAhead
              + " and this step about "
              + expectedTokens);
    }
    double nearLimitTokens = nearLimitCalls * expectedTokens;
    boolean nearLimit = left < nearLimitTokens;
    int variants =
        nearLimit
            ? (int)
                Math.max(1, Math.min(maxVariants, Math.floor(maxVariants * left / nearLimitTokens)))
            : maxVariants;
    return new Run(new BudgetHint(left, nearLimit, variants));
  }

  /**
   * About how many tokens {@code account} still allows: its tokens left, or what its cost left buys
   * at the highest price, whichever is fewer; null when it limits neither.
   */
  Long tokensLeft(Account account) {
    if (account == null) {
      return null;
    }
    Long byCost = null;
    BigDecimal perToken = price.highestPer1k();
    if (account.cost().remaining() != null && perToken.signum() > 0) {
      byCost =
          account
              .cost()
              .remaining()
              .multiply(BigDecimal.valueOf(1000))
              .divide(perToken, 0, RoundingMode.FLOOR)
              .min(BigDecimal.valueOf(Long.MAX_VALUE))
              .longValue();
    }
    return min(account.tokens().remaining(), byCost);
  }

  private static Long min(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : Math.min(a, b);
  }
}
