package ai.maily.mesh.agents.compliance;

import java.util.Locale;

/** How bad a compliance finding is, and what it costs the score. */
public enum Severity {
  /** Worth knowing; costs nothing. */
  INFO(0.0, "info"),
  /** Hurts deliverability or engagement; the email may still be sent. */
  WARNING(0.5, "warnings"),
  /** Likely to land in spam or to break a rule; fix before sending. */
  ERROR(1.5, "errors"),
  /** Breaks the law or looks like phishing; never send as is. */
  CRITICAL(3.0, "critical");

  private final double deduction;
  private final String plural;

  Severity(double deduction, String plural) {
    this.deduction = deduction;
    this.plural = plural;
  }

  /** Points taken off the score of 10 for each finding of this severity. */
  public double deduction() {
    return deduction;
  }

  /** True for severities that make an email fail the check. */
  public boolean blocksSending() {
    return this == ERROR || this == CRITICAL;
  }

  /** The lower-case name used in JSON. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code "1 error"}, {@code "2 errors"}. */
  public String count(long n) {
    return n + " " + (n == 1 ? label() : plural);
  }
}
