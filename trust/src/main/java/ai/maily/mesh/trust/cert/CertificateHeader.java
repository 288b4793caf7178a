package ai.maily.mesh.trust.cert;

import ai.maily.mesh.trust.canon.MimeMessage;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.InclusionProof;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Maily-Certificate} email header: a certificate in base64url (RFC 4648 §5, no padding)
 * of a compact binary, carrying everything offline verification needs besides the email and the
 * log's public key.
 *
 * <p>Binary format {@code maily-certificate-header/1}, big-endian, text fields as u16 length +
 * UTF-8:
 *
 * <pre>
 * u8 version = 1, text certificateId, u8 subjectType, text subjectId, text issuer,
 * i64 issuedAt (ms), 32 bytes contentHash, i64 leafIndex, i64 treeSize,
 * u8 n, n x 32 bytes inclusion proof (leaf upwards), text checkpoint (the signed note)
 * </pre>
 *
 * <p>The leaf hash is not carried: the verifier recomputes it from the fields, so a changed field
 * shows up as a failed inclusion check. Decoding refuses anything that is not exactly one valid
 * encoding, naming the field at fault.
 */
public final class CertificateHeader {

  /** The header field name. */
  public static final String NAME = "Maily-Certificate";

  /** The version byte of this encoding. */
  public static final int VERSION = 1;

  /** Most proof hashes a 64-bit tree can need. */
  public static final int MAX_PROOF_HASHES = 64;

  /** Longest value accepted when decoding; an honest header is about 1.5 kB. */
  public static final int MAX_VALUE_LENGTH = 16 * 1024;

  /** Line length RFC 5322 §2.1.1 recommends, which folding keeps to. */
  private static final int LINE_LENGTH = 78;

  private CertificateHeader() {}

  /** The header value: base64url without padding, on one line. */
  public static String encode(Certificate certificate) {
    BinaryWriter out =
        new BinaryWriter()
            .u8(VERSION)
            .text(certificate.certificateId())
            .u8(certificate.subject().type().wireCode())
            .text(certificate.subject().id())
            .text(certificate.issuer())
            .i64(certificate.issuedAt().toEpochMilli())
            .hash(certificate.contentHash())
            .i64(certificate.leafIndex())
            .i64(certificate.inclusionProof().treeSize());
    List<Hash> proof = certificate.inclusionProof().hashes();
    out.u8(proof.size());
    proof.forEach(out::hash);
    out.text(certificate.checkpoint());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
  }

  /**
   * The whole header field, {@code Maily-Certificate: value}, folded into lines of at most 78
   * characters joined by CRLF and a space, ready to insert into a message's header section.
   * Base64url has no whitespace to fold at, so folding inserts it; {@link #decode} ignores it.
   */
  public static String field(Certificate certificate) {
    String value = encode(certificate);
    StringBuilder field = new StringBuilder(NAME).append(':');
    int lineLength = field.length();
    int at = 0;
    while (at < value.length()) {
      int room = LINE_LENGTH - lineLength - 1;
      int end = Math.min(value.length(), at + room);
      field.append(' ').append(value, at, end);
      at = end;
      if (at < value.length()) {
        field.append("\r\n");
        lineLength = 0;
      }
    }
    return field.toString();
  }

  /**
   * {@code email} with the certificate's {@link #field} added on top of its header section, in the
   * email's own line ending (LF if its first line ends with a bare LF, CRLF otherwise): the email
   * ready to send. The content hash leaves this header out, so the certificate still matches.
   */
  public static byte[] addTo(byte[] email, Certificate certificate) {
    int firstLineFeed = 0;
    while (firstLineFeed < email.length && email[firstLineFeed] != '\n') {
      firstLineFeed++;
    }
    boolean bareLineFeeds =
        firstLineFeed < email.length && (firstLineFeed == 0 || email[firstLineFeed - 1] != '\r');
    String lineEnd = bareLineFeeds ? "\n" : "\r\n";
    byte[] header =
        (field(certificate).replace("\r\n", lineEnd) + lineEnd).getBytes(StandardCharsets.US_ASCII);
    byte[] signed = Arrays.copyOf(header, header.length + email.length);
    System.arraycopy(email, 0, signed, header.length, email.length);
    return signed;
  }

  /**
   * The certificate an email carries in its {@code Maily-Certificate} header, if it has one.
   *
   * @throws MalformedCertificateException if the header cannot be decoded
   * @throws ai.maily.mesh.core.problem.ProblemException if the email has more than one such header
   */
  public static Optional<Certificate> in(MimeMessage email) throws MalformedCertificateException {
    Optional<String> value = email.single(NAME);
    return value.isEmpty() ? Optional.empty() : Optional.of(decode(value.get()));
  }

  /**
   * Decodes a header value, folded or not.
   *
   * @throws MalformedCertificateException naming the field that cannot be read
   */
  public static Certificate decode(String value) throws MalformedCertificateException {
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new MalformedCertificateException(
          NAME, "the value is " + value.length() + " characters, over " + MAX_VALUE_LENGTH);
    }
    String compact = value.replaceAll("[ \t\r\n]", "");
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new MalformedCertificateException(NAME, "not base64url: " + e.getMessage());
    }
    if (compact.endsWith("=")
        || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(compact)) {
      throw new MalformedCertificateException(NAME, "not canonical unpadded base64url");
    }
    BinaryReader in = new BinaryReader(bytes);
    int version = in.u8("version");
    if (version != VERSION) {
      throw new MalformedCertificateException("version", "unknown header version " + version);
    }
    String certificateId = in.text("certificateId");
    int type = in.u8("subject.type");
    SubjectType subjectType =
        SubjectType.fromWireCode(type)
            .orElseThrow(
                () -> new MalformedCertificateException("subject.type", "unknown type " + type));
    String subjectId = in.text("subject.id");
    String issuer = in.text("issuer");
    Instant issuedAt = Instant.ofEpochMilli(in.i64("issuedAt"));
    Hash contentHash = in.hash("contentHash");
    long leafIndex = in.i64("leafIndex");
    long treeSize = in.i64("treeSize");
    int count = in.u8("proof");
    if (count > MAX_PROOF_HASHES) {
      throw new MalformedCertificateException(
          "proof", count + " hashes; a 64-bit tree needs at most " + MAX_PROOF_HASHES);
    }
    List<Hash> proof = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      proof.add(in.hash("proof[" + i + "]"));
    }
    String checkpoint = in.text("checkpoint");
    in.end();
    if (leafIndex < 0 || treeSize < 0) {
      throw new MalformedCertificateException(
          leafIndex < 0 ? "leafIndex" : "treeSize", "must not be negative");
    }
    LogEntry.Issuance issuance;
    try {
      issuance =
          new LogEntry.Issuance(
              certificateId, new Subject(subjectType, subjectId), contentHash, issuer, issuedAt);
    } catch (IllegalArgumentException e) {
      throw new MalformedCertificateException("certificate", e.getMessage());
    }
    return Certificate.of(
        issuance, leafIndex, checkpoint, new InclusionProof(leafIndex, treeSize, proof));
  }
}
