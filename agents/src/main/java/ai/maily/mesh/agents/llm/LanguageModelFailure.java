package ai.maily.mesh.agents.llm;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a call to the language model brought no answer. Whatever the reason, the caller falls back
 * (to its local composer); {@link #reason()} says what happened, for logs and the step's summary.
 */
public final class LanguageModelFailure extends RuntimeException {

  /** What went wrong. */
  public enum Reason {
    /** The circuit breaker is open: no call was made. */
    CIRCUIT_OPEN,
    /** The server answered 429, or an earlier 429's Retry-After has not passed (no call made). */
    RATE_LIMITED,
    /** The server answered 5xx, or its stream reported an error. */
    SERVER_ERROR,
    /** The server refused the request with another 4xx (bad key, unknown model, too long). */
    REFUSED,
    /** No connection could be made, or it broke before an answer began. */
    CONNECTION_FAILED,
    /** The first event or the whole answer did not arrive in time. */
    TIMEOUT,
    /** The answer was not the protocol's: not JSON, an unexpected shape, or too large. */
    MALFORMED_RESPONSE,
    /** The answer's stream ended, or broke, before the answer was complete. */
    STREAM_ENDED_EARLY
  }

  private final Reason reason;
  private final int status;
  private final Duration retryAfter;

  LanguageModelFailure(Reason reason, String message, int status, Duration retryAfter) {
    super(message);
    this.reason = reason;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  LanguageModelFailure(Reason reason, String message) {
    this(reason, message, 0, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status the server answered with, or 0 when there was none. */
  public int status() {
    return status;
  }

  /** How long to wait before the model takes calls again, when the server said (429). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
