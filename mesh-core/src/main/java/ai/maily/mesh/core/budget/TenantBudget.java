package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;
import java.math.BigDecimal;

/**
 * A tenant's budget as the API shows it ({@code GET /api/v1/budget}).
 *
 * @param period the period whose use it counts: {@code 2026-11}, {@code 2026-11-25} or {@code all}
 * @param openReservations calls reserved for and not settled yet
 * @param taskLimit what each of the tenant's tasks may spend
 */
public record TenantBudget(
    String tenant,
    String period,
    String currency,
    Meter tokens,
    CostMeter cost,
    int openReservations,
    TaskLimit taskLimit)
    implements CborSerializable {

  /** A task's limit: null bounds are unlimited. */
  public record TaskLimit(Long tokens, BigDecimal cost) implements CborSerializable {}

  /** The tenant's budget in the period, as one account. */
  public Account account() {
    return new Account(currency, tokens, cost);
  }
}
