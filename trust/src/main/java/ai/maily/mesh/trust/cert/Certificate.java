package ai.maily.mesh.trust.cert;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.InclusionProof;
import java.time.Instant;
import java.util.Objects;

/**
 * A certificate: the claim "the log holds, at {@code leafIndex}, the issuance of {@code
 * certificateId} for content with hash {@code contentHash}", with the signed checkpoint and the
 * inclusion proof that let anyone with the log's public key check the claim.
 *
 * <p>Nothing here is trusted until verified: a certificate may come from an email header or a
 * client, so the constructor only requires its fields to be present; {@code
 * ai.maily.mesh.trust.verify.CertificateVerifier} checks what they say.
 *
 * @param certificateId the certificate's id
 * @param subject what it is about
 * @param issuer the tenant that issued it
 * @param contentHash SHA-256 of the canonical content
 * @param leafIndex where its issuance entry sits in the log
 * @param leafHash the RFC 9162 leaf hash of that entry
 * @param issuedAt when it was issued, to the millisecond
 * @param checkpoint the signed checkpoint (a C2SP signed note) the proof leads to
 * @param inclusionProof the audit path from the leaf to the checkpoint's root
 */
public record Certificate(
    String certificateId,
    Subject subject,
    String issuer,
    Hash contentHash,
    long leafIndex,
    Hash leafHash,
    Instant issuedAt,
    String checkpoint,
    InclusionProof inclusionProof) {

  /** Requires every field. */
  public Certificate {
    Objects.requireNonNull(certificateId, "certificateId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(inclusionProof, "inclusionProof");
  }

  /**
   * The issuance entry this certificate claims is in the log.
   *
   * @throws IllegalArgumentException if a field is not valid in a log entry
   */
  public LogEntry.Issuance issuance() {
    return new LogEntry.Issuance(certificateId, subject, contentHash, issuer, issuedAt);
  }

  /** A certificate for the issuance at {@code leafIndex}, proven by {@code proof}. */
  public static Certificate of(
      LogEntry.Issuance issuance, long leafIndex, String checkpoint, InclusionProof proof) {
    return new Certificate(
        issuance.certificateId(),
        issuance.subject(),
        issuance.issuer(),
        issuance.contentHash(),
        leafIndex,
        issuance.leafHash(),
        issuance.issuedAt(),
        checkpoint,
        proof);
  }
}
