package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import java.math.BigDecimal;

/**
 * The cost side of a budget, in its currency, as a {@link Meter} is of its tokens.
 *
 * @param limit null when unlimited
 * @param used settled, plus the estimates of expired reservations
 * @param reserved the estimates of open reservations
 * @param remaining {@code limit - used - reserved}, at least 0; null when unlimited
 */
public record CostMeter(
    BigDecimal limit, BigDecimal used, BigDecimal reserved, BigDecimal remaining)
    implements CborSerializable {

  static CostMeter ofMicros(Long limit, long used, long reserved) {
    return new CostMeter(
        limit == null ? null : Money.decimal(limit),
        Money.decimal(used),
        Money.decimal(reserved),
        limit == null ? null : Money.decimal(Math.max(0, limit - used - reserved)));
  }
}
