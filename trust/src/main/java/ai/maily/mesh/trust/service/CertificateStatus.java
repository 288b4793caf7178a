package ai.maily.mesh.trust.service;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate as the log holds it now: proven against the newest checkpoint, with its revocation
 * if it has one.
 */
public record CertificateStatus(Certificate certificate, Optional<LogEntry.Revocation> revocation) {

  /** Requires both fields. */
  public CertificateStatus {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(revocation, "revocation");
  }
}
