package ai.maily.mesh.core.agent;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * An agent's opt-in to having its results reused (ADR 0027, agents' results): the host answers a
 * request whose input it has answered before from the node's cache, without running the skill. Only
 * an agent whose output is a function of what the key holds may opt in: its type, {@code
 * fingerprint}, the tenant, the canonical JSON of the step input and, when it {@code readsMemory},
 * the generation of the tenant's memory.
 *
 * @param fingerprint the version of the agent's logic and whatever else its output depends on
 *     beside the input (its model, its data files): change it when an old result is no longer right
 * @param readsMemory true when the output depends on the tenant's memory, so that a memory change
 *     makes the next request a miss
 * @param reusable which successful outputs may be stored: not one written by a language model, or
 *     drawn without a seed; a failure is never stored
 */
public record ResultCaching(
    String fingerprint, boolean readsMemory, Predicate<AgentOutput> reusable) {

  public ResultCaching {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("result caching needs a fingerprint of the agent");
    }
    Objects.requireNonNull(reusable, "reusable");
  }

  /** Every successful output may be reused. */
  public static ResultCaching always(String fingerprint, boolean readsMemory) {
    return new ResultCaching(fingerprint, readsMemory, output -> true);
  }
}
