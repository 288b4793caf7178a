package ai.maily.mesh.trust.canon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * Splits a multipart body into its parts (RFC 2046 §5.1.1) with mime4j's boundary scanner: the
 * parts lie between delimiter lines {@code --boundary} (transport padding allowed), up to {@code
 * --boundary--} or, leniently, the end; the preamble and epilogue are no parts, and the line break
 * before a delimiter belongs to it.
 *
 * <p>mime4j hands each part back raw, headers and body as written, and {@link MimeMessage} parses
 * its header section with the canonicalizer's own strict rules (ADR 0021).
 */
final class MultipartBody {

  /** No line, header or content limits: {@link MimeMessage#MAX_BYTES} bounds the whole email. */
  private static final MimeConfig UNLIMITED =
      new MimeConfig.Builder()
          .setMaxLineLen(-1)
          .setMaxHeaderLen(-1)
          .setMaxHeaderCount(-1)
          .setMaxContentLen(-1)
          .build();

  private MultipartBody() {}

  /**
   * The raw parts of {@code body}, whose line endings are LF.
   *
   * @param mimeType the multipart's media type, e.g. {@code multipart/mixed}
   * @param boundary its boundary parameter, unquoted and not empty
   * @throws ai.maily.mesh.core.problem.ProblemException if mime4j cannot read the body
   */
  static List<byte[]> parts(byte[] body, String mimeType, String boundary) {
    MimeTokenStream stream = new MimeTokenStream(UNLIMITED);
    // Raw mode: the parts' headers are ours to parse, and nested multiparts ours to recurse into.
    stream.setRecursionMode(RecursionMode.M_RAW);
    stream.parseHeadless(
        new ByteArrayInputStream(body), mimeType + "; boundary=" + quoted(boundary));
    List<byte[]> parts = new ArrayList<>();
    try {
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        if (state == EntityState.T_RAW_ENTITY) {
          parts.add(stream.getInputStream().readAllBytes());
        }
      }
    } catch (IOException | MimeException e) {
      throw MimeMessage.invalid("a " + mimeType + " body cannot be split: " + e.getMessage());
    }
    return parts;
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
