package ai.maily.mesh.agents.personalize;

import java.util.List;

/**
 * The outcome of personalising an email: what its merge tags read, what is wrong with them, and the
 * email rendered per segment.
 *
 * @param tags the fields the tags read, in order of first use
 * @param problems malformed tags first, then per field
 * @param variants one per segment, or one {@code default} variant
 */
public record Personalization(List<TagUsage> tags, List<Problem> problems, List<Variant> variants) {

  public Personalization {
    tags = List.copyOf(tags);
    problems = List.copyOf(problems);
    variants = List.copyOf(variants);
  }

  /** True if no problem is an error. */
  public boolean valid() {
    return problems.stream().noneMatch(p -> p.severity() == Problem.Severity.ERROR);
  }

  /**
   * The step's summary in the task's view, e.g. {@code "3 tags, 2 variants, 1 error, 1 warning"}.
   */
  public String summary() {
    long errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
    long warnings = problems.size() - errors;
    StringBuilder summary =
        new StringBuilder(plural(tags.size(), "tag"))
            .append(", ")
            .append(plural(variants.size(), "variant"));
    if (problems.isEmpty()) {
      summary.append(", no problems");
    }
    if (errors > 0) {
      summary.append(", ").append(plural(errors, "error"));
    }
    if (warnings > 0) {
      summary.append(", ").append(plural(warnings, "warning"));
    }
    return summary.toString();
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
