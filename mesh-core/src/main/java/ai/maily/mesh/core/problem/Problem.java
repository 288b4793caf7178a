package ai.maily.mesh.core.problem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One problem to report to a client.
 *
 * @param type what kind of problem
 * @param detail a human explanation of this occurrence
 * @param violations the individual problems behind it; may be empty
 * @param retryAfter how long the client should wait before it tries again; zero when the problem
 *     does not say
 * @param extensions members of this problem type beyond the standard ones (RFC 9457 §3.2), e.g. the
 *     version a conflict was decided against; rendered as JSON next to {@code detail}
 */
public record Problem(
    ProblemType type,
    String detail,
    List<Violation> violations,
    Duration retryAfter,
    Map<String, Object> extensions) {

  /** The members every problem has; an extension may not take their names. */
  private static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance", "errors");

  /** One offending field and what is wrong with it. */
  public record Violation(String field, String message) {}

  public Problem {
    violations = List.copyOf(violations);
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative: " + retryAfter);
    }
    for (String name : extensions.keySet()) {
      if (STANDARD_MEMBERS.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is a standard member of a problem");
      }
    }
    extensions = Map.copyOf(extensions);
  }

  public Problem(ProblemType type, String detail, List<Violation> violations, Duration retryAfter) {
    this(type, detail, violations, retryAfter, Map.of());
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

  /** This problem with one more extension member. */
  public Problem withExtension(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(name, value);
    return new Problem(type, detail, violations, retryAfter, more);
  }
}
