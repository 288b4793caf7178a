package ai.maily.mesh.agents.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the compliance steps before the optimizer objected to, matched against the text of each
 * option: a finding (warning or worse) whose evidence the text contains, or that names a spam
 * phrase the text uses, and a sentence the spam signal reported that the text contains.
 *
 * <p>Compliance checks the task's email, so its evidence points at the draft; a written variant is
 * flagged only where it repeats the offending words.
 */
final class ComplianceFlags {

  private static final String ELLIPSIS = "…";

  private final List<Objection> objections;

  private ComplianceFlags(List<Objection> objections) {
    this.objections = List.copyOf(objections);
  }

  /** True for a step output in the compliance agent's shape. */
  static boolean isComplianceOutput(JsonNode output) {
    return output.path("findings").isArray() && output.path("passed").isBoolean();
  }

  /** The objections of these compliance outputs. */
  static ComplianceFlags of(List<JsonNode> outputs) {
    List<Objection> objections = new ArrayList<>();
    for (JsonNode output : outputs) {
      for (JsonNode finding : output.path("findings")) {
        String severity = finding.path("severity").asText();
        String evidence = finding.path("evidence").asText("");
        if (severity.equals("info") || evidence.isBlank()) {
          continue;
        }
        String rule = finding.path("rule").asText();
        List<String> needles =
            rule.equals("spam-phrases") ? List.of(evidence.split(",\\s*")) : List.of(evidence);
        for (String needle : needles) {
          objections.add(new Objection(cut(needle), "compliance " + severity + ": " + rule));
        }
      }
      for (JsonNode reason : output.path("spam").path("reasons")) {
        objections.add(
            new Objection(cut(reason.path("text").asText("")), "compliance: reads like spam"));
      }
    }
    objections.removeIf(objection -> objection.needle().isBlank());
    return new ComplianceFlags(objections);
  }

  /** Why compliance objects to {@code text}, one line per rule; empty if it does not. */
  List<String> against(String text) {
    String haystack = normal(text);
    List<String> reasons = new ArrayList<>();
    for (Objection objection : objections) {
      String needle = normal(objection.needle());
      if (haystack.contains(needle)
          && reasons.stream().noneMatch(r -> r.startsWith(objection.reason()))) {
        reasons.add(objection.reason() + " (\"" + objection.needle() + "\")");
      }
    }
    return reasons;
  }

  private static String cut(String evidence) {
    String stripped = evidence.strip();
    return stripped.endsWith(ELLIPSIS)
        ? stripped.substring(0, stripped.length() - ELLIPSIS.length()).strip()
        : stripped;
  }

  private static String normal(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }

  /** A piece of text compliance objected to, and why. */
  private record Objection(String needle, String reason) {}
}
