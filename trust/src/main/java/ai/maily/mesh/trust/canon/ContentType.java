package ai.maily.mesh.trust.canon;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code Content-Type} (RFC 2045 §5.1): lower-cased {@code type/subtype} and its
 * parameters, names lower-cased, values unquoted.
 */
record ContentType(String mimeType, Map<String, String> parameters) {

  /** RFC 2045 §5.2: a part without a Content-Type is plain US-ASCII text. */
  static final ContentType DEFAULT = new ContentType("text/plain", Map.of());

  ContentType {
    parameters = Map.copyOf(parameters);
  }

  /** Parses a header value; a value without a slash counts as absent, as RFC 2045 advises. */
  static ContentType parse(Optional<String> header) {
    if (header.isEmpty()) {
      return DEFAULT;
    }
    String value = header.get();
    int semicolon = indexOutsideQuotes(value, ';', 0);
    String type =
        (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    if (type.indexOf('/') <= 0) {
      return DEFAULT;
    }
    Map<String, String> parameters = new HashMap<>();
    while (semicolon >= 0) {
      int next = indexOutsideQuotes(value, ';', semicolon + 1);
      String parameter =
          (next < 0 ? value.substring(semicolon + 1) : value.substring(semicolon + 1, next));
      int equals = parameter.indexOf('=');
      if (equals > 0) {
        String name = parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        parameters.putIfAbsent(name, unquote(parameter.substring(equals + 1).strip()));
      }
      semicolon = next;
    }
    return new ContentType(type, parameters);
  }

  boolean isMultipart() {
    return mimeType.startsWith("multipart/");
  }

  boolean isText() {
    return mimeType.startsWith("text/");
  }

  Optional<String> parameter(String name) {
    return Optional.ofNullable(parameters.get(name));
  }

  private static int indexOutsideQuotes(String value, char wanted, int from) {
    boolean quoted = false;
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == wanted) {
        return i;
      }
    }
    return -1;
  }

  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
