package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import java.math.BigDecimal;

/**
 * An amount of language-model use: tokens, and what they cost.
 *
 * @param tokens prompt and completion tokens together
 * @param costMicros their cost in micros (millionths) of the budget's currency
 */
public record Usage(long tokens, long costMicros) implements CborSerializable {

  public static final Usage NONE = new Usage(0, 0);

  public Usage plus(Usage other) {
    return new Usage(
        Math.addExact(tokens, other.tokens), Math.addExact(costMicros, other.costMicros));
  }

  public Usage minus(Usage other) {
    return new Usage(
        Math.subtractExact(tokens, other.tokens), Math.subtractExact(costMicros, other.costMicros));
  }

  /** The cost in the budget's currency. */
  public BigDecimal cost() {
    return Money.decimal(costMicros);
  }
}
