package ai.maily.mesh.trust.canon;

import java.text.Normalizer;

/** The text rules of canonicalisation, shared by header values and body parts. */
final class TextNormalizer {

  private TextNormalizer() {}

  /** Unicode NFC: one code point sequence for text that looks the same (é as one or two). */
  static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }

  /**
   * A header value: NFC, every run of whitespace (including what unfolding left) one space,
   * trimmed; control characters become spaces so the value stays one line.
   */
  static String headerText(String text) {
    String normalized = nfc(text);
    StringBuilder out = new StringBuilder(normalized.length());
    boolean space = false;
    for (int i = 0; i < normalized.length(); i++) {
      char c = normalized.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        space = out.length() > 0;
      } else {
        if (space) {
          out.append(' ');
          space = false;
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A body part: NFC, line endings LF, spaces and tabs at the end of each line removed, and blank
   * lines at the end removed; transport adds and strips all three.
   */
  static String bodyText(String text) {
    String normalized = nfc(text).replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(normalized.length());
    int lineStart = 0;
    while (lineStart <= normalized.length()) {
      int lineEnd = normalized.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = normalized.length();
      }
      int end = lineEnd;
      while (end > lineStart
          && (normalized.charAt(end - 1) == ' ' || normalized.charAt(end - 1) == '\t')) {
        end--;
      }
      out.append(normalized, lineStart, end);
      if (lineEnd < normalized.length()) {
        out.append('\n');
      }
      lineStart = lineEnd + 1;
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '\n') {
      end--;
    }
    out.setLength(end);
    return out.toString();
  }
}
