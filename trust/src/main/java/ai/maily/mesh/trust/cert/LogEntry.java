package ai.maily.mesh.trust.cert;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One leaf of the transparency log: a certificate was issued, or revoked. A revocation is a new
 * entry; nothing in the log is ever edited.
 *
 * <p>The leaf is the entry's {@link #encode() encoding}, format {@code maily-entry/1}, big-endian:
 *
 * <pre>
 * u8  version = 1
 * u8  kind: 1 issuance, 2 revocation
 * issuance:   text certificateId, u8 subjectType, text subjectId, 32 bytes contentHash,
 *             text issuer, i64 issuedAt (ms since the epoch)
 * revocation: text certificateId, text reason, text revokedBy, i64 revokedAt (ms since the epoch)
 * text = u16 length + that many UTF-8 bytes
 * </pre>
 *
 * <p>Every field has a fixed position and length prefix, so one entry has exactly one encoding and
 * the leaf hash {@code SHA-256(0x00 || encoding)} (RFC 9162) identifies it. Times are kept to the
 * millisecond, which is what the encoding holds.
 */
public sealed interface LogEntry permits LogEntry.Issuance, LogEntry.Revocation {

  /** The version byte of this encoding. */
  int VERSION = 1;

  /** Longest issuer (tenant id) accepted. */
  int MAX_ISSUER_LENGTH = 128;

  /** Longest revocation reason accepted. */
  int MAX_REASON_LENGTH = 512;

  /** The certificate the entry is about. */
  String certificateId();

  /** The leaf bytes. */
  byte[] encode();

  /** {@code SHA-256(0x00 || encode())}: the entry's leaf hash. */
  default Hash leafHash() {
    return Hashes.leafHash(encode());
  }

  /**
   * Decodes leaf bytes.
   *
   * @throws MalformedCertificateException naming the field that cannot be read
   */
  static LogEntry decode(byte[] leaf) throws MalformedCertificateException {
    BinaryReader in = new BinaryReader(leaf);
    int version = in.u8("version");
    if (version != VERSION) {
      throw new MalformedCertificateException("version", "unknown entry version " + version);
    }
    int kind = in.u8("kind");
    LogEntry entry;
    try {
      if (kind == Issuance.KIND) {
        String certificateId = in.text("certificateId");
        int type = in.u8("subject.type");
        SubjectType subjectType =
            SubjectType.fromWireCode(type)
                .orElseThrow(
                    () ->
                        new MalformedCertificateException("subject.type", "unknown type " + type));
        entry =
            new Issuance(
                certificateId,
                new Subject(subjectType, in.text("subject.id")),
                in.hash("contentHash"),
                in.text("issuer"),
                Instant.ofEpochMilli(in.i64("issuedAt")));
      } else if (kind == Revocation.KIND) {
        entry =
            new Revocation(
                in.text("certificateId"),
                in.text("reason"),
                in.text("revokedBy"),
                Instant.ofEpochMilli(in.i64("revokedAt")));
      } else {
        throw new MalformedCertificateException("kind", "unknown entry kind " + kind);
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedCertificateException("entry", e.getMessage());
    }
    in.end();
    return entry;
  }

  /**
   * A certificate was issued.
   *
   * @param certificateId the certificate's id, 1 to 64 of {@code A-Z a-z 0-9 _ -}
   * @param subject what it is about
   * @param contentHash SHA-256 of the canonical content
   * @param issuer the tenant that issued it
   * @param issuedAt when, truncated to milliseconds
   */
  record Issuance(
      String certificateId, Subject subject, Hash contentHash, String issuer, Instant issuedAt)
      implements LogEntry {

    static final int KIND = 1;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public Issuance {
      Fields.requireCertificateId(certificateId);
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(contentHash, "contentHash");
      Fields.requireText("issuer", issuer, 1, MAX_ISSUER_LENGTH);
      issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public byte[] encode() {
      return new BinaryWriter()
          .u8(VERSION)
          .u8(KIND)
          .text(certificateId)
          .u8(subject.type().wireCode())
          .text(subject.id())
          .hash(contentHash)
          .text(issuer)
          .i64(issuedAt.toEpochMilli())
          .toByteArray();
    }
  }

  /**
   * A certificate was revoked.
   *
   * @param certificateId the revoked certificate
   * @param reason why, up to {@value LogEntry#MAX_REASON_LENGTH} characters; may be empty
   * @param revokedBy the tenant that revoked it, which is the one that issued it
   * @param revokedAt when, truncated to milliseconds
   */
  record Revocation(String certificateId, String reason, String revokedBy, Instant revokedAt)
      implements LogEntry {

    static final int KIND = 2;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public Revocation {
      Fields.requireCertificateId(certificateId);
      Fields.requireText("reason", reason, 0, MAX_REASON_LENGTH);
      Fields.requireText("revokedBy", revokedBy, 1, MAX_ISSUER_LENGTH);
      revokedAt = Objects.requireNonNull(revokedAt, "revokedAt").truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public byte[] encode() {
      return new BinaryWriter()
          .u8(VERSION)
          .u8(KIND)
          .text(certificateId)
          .text(reason)
          .text(revokedBy)
          .i64(revokedAt.toEpochMilli())
          .toByteArray();
    }
  }
}
