package ai.maily.mesh.trust.canon;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.trust.hash.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The content hash a certificate names: SHA-256 of the canonical bytes of its content.
 *
 * <p>Emails canonicalise by {@link EmailCanonicalizer}. A {@link Content.Document} canonicalises to
 * {@code maily-document/1\n<media type, lower-cased>\n} followed by its bytes unchanged: documents
 * are vouched for byte for byte, and the media type is bound so that the same bytes served as
 * something else do not carry the certificate along.
 */
public final class ContentHash {

  /** First line of a canonical document. */
  public static final String DOCUMENT_FORMAT = "maily-document/1";

  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

  private ContentHash() {}

  /**
   * The canonical bytes of any content.
   *
   * @throws ProblemException {@link ProblemType#PAYLOAD_TOO_LARGE} or {@link
   *     ProblemType#INVALID_REQUEST} naming what is wrong
   */
  public static byte[] canonicalBytes(Content content) {
    if (content instanceof Content.RawEmail raw) {
      return EmailCanonicalizer.canonicalize(raw);
    }
    if (content instanceof Content.StructuredEmail structured) {
      return EmailCanonicalizer.canonicalize(structured);
    }
    return document((Content.Document) content);
  }

  /**
   * SHA-256 of {@link #canonicalBytes(Content)}.
   *
   * @throws ProblemException as {@link #canonicalBytes(Content)}
   */
  public static Hash of(Content content) {
    return sha256(canonicalBytes(content));
  }

  /**
   * SHA-256 of the canonical bytes of a parsed email.
   *
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} naming what is wrong
   */
  public static Hash of(MimeMessage email) {
    return sha256(EmailCanonicalizer.canonicalize(email));
  }

  private static Hash sha256(byte[] bytes) {
    try {
      return Hash.of(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static byte[] document(Content.Document document) {
    if (document.bytes().length > MimeMessage.MAX_BYTES) {
      throw ProblemException.of(
          ProblemType.PAYLOAD_TOO_LARGE,
          "the document is "
              + document.bytes().length
              + " bytes; at most "
              + MimeMessage.MAX_BYTES
              + " are accepted");
    }
    String mediaType = document.mediaType().strip().toLowerCase(Locale.ROOT);
    if (!MEDIA_TYPE.matcher(mediaType).matches()) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST,
          "mediaType \"" + document.mediaType() + "\" is not a type/subtype media type");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(document.bytes().length + 64);
    out.writeBytes((DOCUMENT_FORMAT + "\n" + mediaType + "\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(document.bytes());
    return out.toByteArray();
  }
}
