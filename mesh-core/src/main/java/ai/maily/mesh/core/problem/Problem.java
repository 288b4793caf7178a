package ai.maily.mesh.core.problem;

import java.time.Duration;
import java.util.List;

/**
 * One problem to report to a client.
 *
 * @param type what kind of problem
 * @param detail a human explanation of this occurrence
 * @param violations the individual problems behind it; may be empty
 * @param retryAfter how long the client should wait before it tries again; zero when the problem
 *     does not say
 */
public record Problem(
    ProblemType type, String detail, List<Violation> violations, Duration retryAfter) {

  /** One offending field and what is wrong with it. */
  public record Violation(String field, String message) {}

  public Problem {
    violations = List.copyOf(violations);
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
  }

  public Problem(ProblemType type, String detail, List<Violation> violations) {
    this(type, detail, violations, Duration.ZERO);
  }

  public static Problem of(ProblemType type, String detail) {
    return new Problem(type, detail, List.of());
  }

  /** A problem the client may retry after {@code delay}. */
  public static Problem retryAfter(ProblemType type, String detail, Duration delay) {
    return new Problem(type, detail, List.of(), delay);
  }
}
