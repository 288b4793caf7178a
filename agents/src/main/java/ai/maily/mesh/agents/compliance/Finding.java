package ai.maily.mesh.agents.compliance;

import java.util.Optional;

/**
 * One problem found in an email.
 *
 * @param rule the rule that found it
 * @param severity how bad it is
 * @param message what is wrong, for the marketer
 * @param fix a concrete change that resolves it
 * @param evidence the offending text, truncated, where there is one
 */
public record Finding(
    Rule rule, Severity severity, String message, String fix, Optional<String> evidence) {

  private static final int MAX_EVIDENCE = 120;

  public Finding {
    evidence = evidence.map(Finding::truncate).filter(text -> !text.isEmpty());
  }

  /** A finding without evidence. */
  public static Finding of(Rule rule, Severity severity, String message, String fix) {
    return new Finding(rule, severity, message, fix, Optional.empty());
  }

  /** A finding that quotes the offending text. */
  public static Finding of(
      Rule rule, Severity severity, String message, String fix, String evidence) {
    return new Finding(rule, severity, message, fix, Optional.of(evidence));
  }

  private static String truncate(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() <= MAX_EVIDENCE ? flat : flat.substring(0, MAX_EVIDENCE - 1) + "…";
  }
}
