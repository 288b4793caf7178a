package ai.maily.mesh.trust.verify;

import ai.maily.mesh.trust.cert.Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of verifying one certificate: every check with its own outcome, in a fixed order.
 *
 * @param certificate the certificate that was verified, as presented (not trusted)
 * @param checks content hash, checkpoint signature, inclusion, consistency, revocation
 */
public record VerificationReport(Certificate certificate, List<Check> checks) {

  /** Copies the checks. */
  public VerificationReport {
    Objects.requireNonNull(certificate, "certificate");
    checks = List.copyOf(checks);
  }

  /** Failed if any check failed; verified only if every check passed. */
  public Verdict verdict() {
    return Verdict.of(checks);
  }

  /** The check with this name. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** A plain-text rendering for terminals, one line per check. */
  public String describe() {
    StringBuilder text =
        new StringBuilder("certificate ")
            .append(certificate.certificateId())
            .append(" for ")
            .append(certificate.subject())
            .append(", issued by ")
            .append(certificate.issuer())
            .append(" at ")
            .append(certificate.issuedAt())
            .append('\n');
    for (Check check : checks) {
      text.append(
          String.format(
              "  %-22s %-15s %s%n", check.name(), check.status().words(), check.detail()));
    }
    return text.append("verdict: ").append(verdict()).append('\n').toString();
  }
}
