package ai.maily.mesh.core.budget;

import ai.maily.mesh.core.CborSerializable;

/**
 * One budget as the API shows it: a task's, or a tenant's in its period.
 *
 * @param currency what {@code cost} is counted in
 */
public record Account(String currency, Meter tokens, CostMeter cost) implements CborSerializable {}
