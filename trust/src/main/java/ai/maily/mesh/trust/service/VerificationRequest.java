package ai.maily.mesh.trust.service;

import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.cert.Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * What to verify: a certificate (given, read from a raw email's {@code Maily-Certificate} header,
 * or looked up by id) and, optionally, the content it should cover.
 *
 * @param content the email or document; without it the content check is "couldn't check"
 * @param certificate the certificate as the client has it
 * @param certificateId the id of a certificate to look up when none is given or in the email
 */
public record VerificationRequest(
    Optional<Content> content, Optional<Certificate> certificate, Optional<String> certificateId) {

  /** Requires the optionals. */
  public VerificationRequest {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(certificateId, "certificateId");
  }

  /** A raw email that carries its certificate in a header. */
  public static VerificationRequest ofEmail(byte[] rawEmail) {
    return new VerificationRequest(
        Optional.of(new Content.RawEmail(rawEmail)), Optional.empty(), Optional.empty());
  }

  /** Content and the certificate it should match. */
  public static VerificationRequest of(Content content, Certificate certificate) {
    return new VerificationRequest(
        Optional.of(content), Optional.of(certificate), Optional.empty());
  }
}
