package ai.maily.mesh.trust.canon;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Decodes the RFC 2045 content transfer encodings: 7bit, 8bit, binary, quoted-printable, base64.
 */
final class TransferEncoding {

  private TransferEncoding() {}

  /**
   * The decoded bytes of a part body (whose line endings are LF).
   *
   * @throws ai.maily.mesh.core.problem.ProblemException naming an unknown encoding
   */
  static byte[] decode(Optional<String> encoding, byte[] body, String what) {
    String name = encoding.map(e -> e.strip().toLowerCase(Locale.ROOT)).orElse("7bit");
    return switch (name) {
      case "7bit", "8bit", "binary" -> body;
      case "quoted-printable" -> quotedPrintable(body);
      // The MIME decoder skips line breaks and any character outside the alphabet, as RFC 2045
      // §6.8 tells decoders to.
      case "base64" -> base64(body, what);
      default ->
          throw MimeMessage.invalid(what + ": unknown Content-Transfer-Encoding \"" + name + "\"");
    };
  }

  private static byte[] base64(byte[] body, String what) {
    try {
      return Base64.getMimeDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw MimeMessage.invalid(what + ": the base64 body is malformed: " + e.getMessage());
    }
  }

  /**
   * RFC 2045 §6.7: {@code =XX} is a byte, {@code =} at the end of a line is a soft line break, and
   * whitespace at the end of a line was added in transport and is removed. A malformed {@code =}
   * sequence is kept as it is, as the RFC recommends for robustness.
   */
  static byte[] quotedPrintable(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
    int lineStart = 0;
    while (lineStart <= body.length) {
      int lineEnd = lineStart;
      while (lineEnd < body.length && body[lineEnd] != '\n') {
        lineEnd++;
      }
      boolean lastLine = lineEnd >= body.length;
      int end = lineEnd;
      while (end > lineStart && (body[end - 1] == ' ' || body[end - 1] == '\t')) {
        end--;
      }
      boolean soft = end > lineStart && body[end - 1] == '=';
      if (soft) {
        end--;
      }
      for (int i = lineStart; i < end; i++) {
        int hi;
        int lo;
        if (body[i] == '='
            && i + 2 < end
            && (hi = Character.digit(body[i + 1], 16)) >= 0
            && (lo = Character.digit(body[i + 2], 16)) >= 0) {
          out.write(hi << 4 | lo);
          i += 2;
        } else {
          out.write(body[i]);
        }
      }
      if (!soft && !lastLine) {
        out.write('\n');
      }
      lineStart = lineEnd + 1;
    }
    return out.toByteArray();
  }
}
