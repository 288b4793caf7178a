package ai.maily.mesh.edge.ws;

/** What a WebSocket handler of the edge sends: text frames, then perhaps the close that ends it. */
public sealed interface Outgoing {

  /** A text frame. */
  record Text(String text) implements Outgoing {}

  /**
   * Closes the connection with {@code code} (1000 to 4999, as RFC 6455 allows an endpoint to send)
   * and {@code reason}; nothing the handler sends after it goes out.
   */
  record Close(int code, String reason) implements Outgoing {

    /** The longest reason a close frame carries, in UTF-8 bytes (RFC 6455 §5.5). */
    private static final int MAX_REASON_BYTES = 123;

    public Close {
      if (code < 1000 || code > 4999) {
        throw new IllegalArgumentException("not a close code an endpoint sends: " + code);
      }
      reason = fitted(reason);
    }

    /** The longest prefix of {@code reason} that fits a close frame, whole characters only. */
    private static String fitted(String reason) {
      StringBuilder fitted = new StringBuilder();
      int bytes = 0;
      for (int i = 0; i < reason.length(); ) {
        int codePoint = reason.codePointAt(i);
        bytes +=
            new String(Character.toChars(codePoint))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length;
        if (bytes > MAX_REASON_BYTES) {
          break;
        }
        fitted.appendCodePoint(codePoint);
        i += Character.charCount(codePoint);
      }
      return fitted.toString();
    }
  }
}
