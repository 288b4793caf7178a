package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;

/**
 * Tokens of a budget: its limit, what was used, what open reservations hold, and what is left.
 *
 * @param limit null when unlimited
 * @param used settled, plus the estimates of expired reservations
 * @param reserved the estimates of open reservations
 * @param remaining {@code limit - used - reserved}, at least 0; null when unlimited
 */
public record Meter(Long limit, long used, long reserved, Long remaining)
    implements CborSerializable {

  static Meter of(Long limit, long used, long reserved) {
    return new Meter(
        limit, used, reserved, limit == null ? null : Math.max(0, limit - used - reserved));
  }
}
