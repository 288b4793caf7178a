package ai.maily.mesh.agents.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the compliance steps before the optimizer objected to, matched against the text of each
 * option: a finding (warning or worse) whose evidence the text contains, or that names a spam
 * phrase the text uses, and a sentence the spam signal reported that the text contains.
 *
 * <p>Compliance checks the task's email, so its evidence points at the draft; a written variant is
 * flagged where it repeats the offending words, and where compliance checked it on its own (its
 * {@code variants}, when it depended on the copywriter) and it did not pass.
 */
final class ComplianceFlags {

  private static final String ELLIPSIS = "…";

  private final List<Objection> objections;
  private final Map<String, List<String>> failedVariants;

  private ComplianceFlags(List<Objection> objections, Map<String, List<String>> failedVariants) {
    this.objections = List.copyOf(objections);
    this.failedVariants = Map.copyOf(failedVariants);
  }

  /** True for a step output in the compliance agent's shape. */
  static boolean isComplianceOutput(JsonNode output) {
    return output.path("findings").isArray() && output.path("passed").isBoolean();
  }

  /** The objections of these compliance outputs. */
  static ComplianceFlags of(List<JsonNode> outputs) {
    List<Objection> objections = new ArrayList<>();
    Map<String, List<String>> failedVariants = new HashMap<>();
    for (JsonNode output : outputs) {
      for (JsonNode variant : output.path("variants")) {
        if (!variant.path("passed").asBoolean(true)) {
          failedVariants
              .computeIfAbsent(variant.path("id").asText(), id -> new ArrayList<>())
              .addAll(variantReasons(variant));
        }
      }
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
    return new ComplianceFlags(objections, failedVariants);
  }

  /**
   * Why compliance objects to the option {@code id} with {@code text}, one line per rule: the
   * variant's own check, if it failed, then what of the draft's findings it repeats; empty if
   * nothing.
   */
  List<String> against(String id, String text) {
    List<String> reasons = new ArrayList<>(failedVariants.getOrDefault(id, List.of()));
    String haystack = normal(text);
    for (Objection objection : objections) {
      String needle = normal(objection.needle());
      if (haystack.contains(needle)
          && reasons.stream().noneMatch(r -> r.startsWith(objection.reason()))) {
        reasons.add(objection.reason() + " (\"" + objection.needle() + "\")");
      }
    }
    return reasons;
  }

  /** A failed variant's findings (warning or worse) and spam signal, one line each. */
  private static List<String> variantReasons(JsonNode variant) {
    List<String> reasons = new ArrayList<>();
    for (JsonNode finding : variant.path("findings")) {
      String severity = finding.path("severity").asText();
      if (!severity.equals("info")) {
        String evidence = finding.path("evidence").asText("");
        reasons.add(
            "compliance "
                + severity
                + ": "
                + finding.path("rule").asText()
                + (evidence.isBlank() ? "" : " (\"" + evidence + "\")"));
      }
    }
    JsonNode spam = variant.path("spam");
    if (spam.path("likelySpam").asBoolean()) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "compliance: reads like spam on its own (%.2f)",
              spam.path("probability").asDouble()));
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
