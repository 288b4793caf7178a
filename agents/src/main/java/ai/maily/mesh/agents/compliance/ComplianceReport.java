package ai.maily.mesh.agents.compliance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a compliance check.
 *
 * <p>The score starts at 10 and loses {@link Severity#deduction()} per finding: info 0, warning
 * 0.5, error 1.5, critical 3. It never goes below 0 and is rounded to one decimal. Each rule
 * reports at most one finding, so one sloppy pattern repeated all over a template costs once.
 *
 * @param score 0 to 10, one decimal, 10 = clean
 * @param passed true when no finding is an error or critical
 * @param findings the findings, most severe first
 */
public record ComplianceReport(double score, boolean passed, List<Finding> findings) {

  /** Scores these findings. */
  public static ComplianceReport of(List<Finding> findings) {
    List<Finding> ordered = new ArrayList<>(findings);
    ordered.sort(Comparator.comparing(Finding::severity).reversed());
    double deductions = ordered.stream().mapToDouble(f -> f.severity().deduction()).sum();
    double score = Math.round(Math.max(0.0, 10.0 - deductions) * 10.0) / 10.0;
    boolean passed = ordered.stream().noneMatch(f -> f.severity().blocksSending());
    return new ComplianceReport(score, passed, List.copyOf(ordered));
  }

  /** The step's summary in the task's view, e.g. {@code "score 7.5/10, 1 error, 2 warnings"}. */
  public String summary() {
    StringBuilder summary = new StringBuilder("score ").append(score).append("/10");
    if (findings.isEmpty()) {
      return summary.append(", no findings").toString();
    }
    for (Severity severity :
        List.of(Severity.CRITICAL, Severity.ERROR, Severity.WARNING, Severity.INFO)) {
      long n = findings.stream().filter(f -> f.severity() == severity).count();
      if (n > 0) {
        summary.append(", ").append(severity.count(n));
      }
    }
    return summary.toString();
  }
}
