package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.resilience.CircuitBreaker;
import java.time.Instant;

/**
 * What {@code /health/ready}'s details show of the node's language model (the detail {@code llm}).
 *
 * @param configured false when {@code mesh.ai.llm.base-url} is empty: agents write locally
 * @param model the model the server runs; null when none is configured
 * @param breaker the breaker in front of the server; null when none is configured
 * @param lastFailure the last call that brought no answer; null when none has failed
 */
public record LanguageModelStatus(
    boolean configured, String model, CircuitBreaker.Snapshot breaker, Failure lastFailure) {

  /** The status of a node without a language model. */
  public static final LanguageModelStatus NOT_CONFIGURED =
      new LanguageModelStatus(false, null, null, null);

  /**
   * A call that brought no answer.
   *
   * @param reason the {@link LanguageModelFailure.Reason}, or {@code OTHER} for another error
   * @param detail what happened, as the failure says it
   * @param at when the call ended
   */
  public record Failure(String reason, String detail, Instant at) {}
}
