package ai.maily.mesh.core.budget;

import java.math.BigDecimal;

/**
 * What a model charges, in the budget's currency per 1,000 tokens.
 *
 * @param promptPer1k per 1,000 prompt (input) tokens
 * @param completionPer1k per 1,000 completion (output) tokens
 */
public record Price(BigDecimal promptPer1k, BigDecimal completionPer1k) {

  public Price {
    if (promptPer1k.signum() < 0 || completionPer1k.signum() < 0) {
      throw new IllegalArgumentException(
          "a price must not be negative: " + promptPer1k + " / " + completionPer1k);
    }
  }

  /** The dearer of the two rates, per 1,000 tokens: what a token may cost at most. */
  BigDecimal highestPer1k() {
    return promptPer1k.max(completionPer1k);
  }
}
