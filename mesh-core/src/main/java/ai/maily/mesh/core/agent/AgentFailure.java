package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.problem.ProblemType;
import java.util.Optional;

/**
 * A failure an agent reports on purpose. {@code retryable = false} tells the coordinator that the
 * same input will fail again (invalid input, a rule violation), so it stops retrying the step. A
 * failure of a known problem type (a call refused as {@code budget-exceeded}) carries the type to
 * the step's error and events, where clients match on it.
 */
public final class AgentFailure extends RuntimeException {

  private final boolean retryable;
  private final transient ProblemType problem;

  private AgentFailure(String message, boolean retryable, ProblemType problem) {
    super(message);
    this.retryable = retryable;
    this.problem = problem;
  }

  /** The input cannot be processed; retrying with the same input is pointless. */
  public static AgentFailure invalidInput(String message) {
    return new AgentFailure(message, false, null);
  }

  /** A transient fault (a dependency down, a timeout); a retry may succeed. */
  public static AgentFailure transientFault(String message) {
    return new AgentFailure(message, true, null);
  }

  /**
   * The work was refused for a reason of a known type, e.g. {@link ProblemType#BUDGET_EXCEEDED}:
   * not retryable, since a retry would be refused the same way.
   */
  public static AgentFailure refused(ProblemType problem, String message) {
    return new AgentFailure(message, false, problem);
  }

  public boolean retryable() {
    return retryable;
  }

  /** The failure's problem type, when it has one. */
  public Optional<ProblemType> problem() {
    return Optional.ofNullable(problem);
  }
}
