package ai.maily.mesh.trust.verify;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.trust.canon.ContentHash;
import ai.maily.mesh.trust.canon.MimeMessage;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.cert.MalformedCertificateException;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Verifies an email that carries a {@code Maily-Certificate} header with nothing but the log's
 * verifier key, as the CLI's {@code verify} does: content hash, checkpoint signature and inclusion
 * are checked; consistency and revocation need the log and are reported as "couldn't check".
 */
public final class OfflineVerifier {

  private final CertificateVerifier verifier;

  /** A verifier for the log whose key is {@code key}. */
  public OfflineVerifier(NoteVerifier key) {
    this.verifier = new CertificateVerifier(key);
  }

  /**
   * A verifier for the log whose verifier key string ({@code name+hex8+base64}) is {@code
   * verifierKey}.
   *
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} if the key string is malformed
   */
  public static OfflineVerifier forKey(String verifierKey) {
    try {
      return new OfflineVerifier(NoteVerifier.parse(verifierKey.strip()));
    } catch (IllegalArgumentException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST, "the verifier key is malformed: " + e.getMessage());
    }
  }

  /**
   * Verifies an {@code .eml} file.
   *
   * @throws IOException if the file cannot be read
   * @throws ProblemException as {@link #verify(byte[])}
   */
  public VerificationReport verify(Path eml) throws IOException {
    try (InputStream in = Files.newInputStream(eml)) {
      // Read one byte past the limit, so that parsing reports an oversized file as such.
      return verify(in.readNBytes(MimeMessage.MAX_BYTES + 1));
    }
  }

  /**
   * Verifies a raw message.
   *
   * @throws ProblemException {@link ProblemType#PAYLOAD_TOO_LARGE} for an oversized email, {@link
   *     ProblemType#INVALID_REQUEST} if it is malformed or has no readable certificate header
   */
  public VerificationReport verify(byte[] message) {
    MimeMessage email = MimeMessage.parse(message);
    Certificate certificate = certificateIn(email);
    return verifier.verify(certificate, Optional.of(ContentHash.of(email)), LogEvidence.offline());
  }

  /**
   * The certificate in an email's header.
   *
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} if there is none or it is
   *     malformed, naming the field at fault
   */
  public static Certificate certificateIn(MimeMessage email) {
    try {
      return CertificateHeader.in(email)
          .orElseThrow(
              () ->
                  ProblemException.of(
                      ProblemType.INVALID_REQUEST,
                      "the email carries no " + CertificateHeader.NAME + " header"));
    } catch (MalformedCertificateException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST,
          "the " + CertificateHeader.NAME + " header is malformed: " + e.getMessage());
    }
  }
}
