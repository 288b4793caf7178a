package ai.maily.mesh.core.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts of the budget's currency as whole millionths ("micros"), so that the ledger adds and
 * compares exact integers, and as decimals where people read them.
 */
final class Money {

  private static final int SCALE = 6;

  private Money() {}

  /** {@code amount} in micros, rounded up: a cost is never under-counted. */
  static long microsRoundedUp(BigDecimal amount) {
    return amount.movePointRight(SCALE).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /** {@code amount} in micros, rounded down: a limit is never raised by rounding. */
  static long microsRoundedDown(BigDecimal amount) {
    return amount.movePointRight(SCALE).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /** {@code micros} as a decimal with six places, written without an exponent. */
  static BigDecimal decimal(long micros) {
    return BigDecimal.valueOf(micros, SCALE);
  }
}
