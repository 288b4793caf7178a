package ai.maily.mesh.trust.canon;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B|Q?text?=}) in header text, so that a subject
 * or display name reads the same whether a mailer encoded it or not.
 *
 * <p>Whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2). A word that cannot
 * be decoded (unknown charset, bad base64, bytes invalid in its charset) stays as it is: it then
 * differs from any decoded text, which is the safe direction for a content hash.
 */
final class EncodedWords {

  private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");

  private EncodedWords() {}

  static String decode(String text) {
    Matcher matcher = WORD.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    boolean previousWasDecoded = false;
    while (matcher.find()) {
      String between = text.substring(last, matcher.start());
      String decoded = decodeWord(matcher.group(1), matcher.group(2), matcher.group(3));
      boolean onlySpace = between.isBlank();
      if (!(previousWasDecoded && decoded != null && onlySpace)) {
        out.append(between);
      }
      out.append(decoded == null ? matcher.group() : decoded);
      previousWasDecoded = decoded != null;
      last = matcher.end();
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  private static String decodeWord(String charsetName, String encoding, String encoded) {
    // RFC 2231 §5 lets a language follow the charset: =?utf-8*en?Q?...?=
    int star = charsetName.indexOf('*');
    String name = star < 0 ? charsetName : charsetName.substring(0, star);
    try {
      Charset charset = Charset.forName(name);
      byte[] bytes =
          encoding.equalsIgnoreCase("B") ? Base64.getDecoder().decode(encoded) : qBytes(encoded);
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      // Unknown or illegal charset names and bad base64 are IllegalArgumentExceptions too.
      return null;
    }
  }

  /** RFC 2047 §4.2: like quoted-printable, with {@code _} for a space. */
  private static byte[] qBytes(String encoded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '_') {
        out.write(' ');
      } else if (c == '=' && isHexPair(encoded, i + 1)) {
        out.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '=' || c > '~') {
        throw new IllegalArgumentException("malformed Q-encoded word");
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHexPair(String text, int at) {
    return at + 1 < text.length()
        && Character.digit(text.charAt(at), 16) >= 0
        && Character.digit(text.charAt(at + 1), 16) >= 0;
  }
}
