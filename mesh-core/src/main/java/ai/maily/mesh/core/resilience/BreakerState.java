package ai.maily.mesh.core.resilience;

/** The three states of a circuit breaker. */
public enum BreakerState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Calls fail fast until the reset timeout passes. */
  OPEN,
  /** A limited number of trial calls decide whether to close or open again. */
  HALF_OPEN
}
