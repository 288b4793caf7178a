package ai.maily.mesh.core.problem;

import java.util.List;

/**
 * One problem to report to a client.
 *
 * @param type what kind of problem
 * @param detail a human explanation of this occurrence
 * @param violations the individual problems behind it; may be empty
 */
public record Problem(ProblemType type, String detail, List<Violation> violations) {

  /** One offending field and what is wrong with it. */
  public record Violation(String field, String message) {}

  public Problem {
    violations = List.copyOf(violations);
  }

  public static Problem of(ProblemType type, String detail) {
    return new Problem(type, detail, List.of());
  }
}
