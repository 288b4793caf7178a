package ai.maily.mesh.core.agent;

/**
 * A failure an agent reports on purpose. {@code retryable = false} tells the coordinator that the
 * same input will fail again (invalid input, a rule violation), so it stops retrying the step.
 */
public final class AgentFailure extends RuntimeException {

  private final boolean retryable;

  private AgentFailure(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  /** The input cannot be processed; retrying with the same input is pointless. */
  public static AgentFailure invalidInput(String message) {
    return new AgentFailure(message, false);
  }

  /** A transient fault (a dependency down, a timeout); a retry may succeed. */
  public static AgentFailure transientFault(String message) {
    return new AgentFailure(message, true);
  }

  public boolean retryable() {
    return retryable;
  }
}
