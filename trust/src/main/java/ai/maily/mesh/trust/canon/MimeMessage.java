package ai.maily.mesh.trust.canon;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed RFC 5322 message or MIME part: its header fields and its body, with line endings already
 * normalised to LF.
 *
 * <p>Parsing is strict where leniency could let two different messages look alike (a header line
 * without a colon, header bytes that are not UTF-8) and lenient where mail software is known to
 * differ harmlessly (CRLF or LF, a missing closing boundary).
 */
public final class MimeMessage {

  /** Largest message accepted: anything bigger is refused before it is parsed. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  /** Deepest nesting of multiparts accepted. */
  static final int MAX_DEPTH = 8;

  /** Most MIME parts accepted in one message. */
  static final int MAX_PARTS = 256;

  private final List<HeaderField> headers;
  private final byte[] body;

  private MimeMessage(List<HeaderField> headers, byte[] body) {
    this.headers = List.copyOf(headers);
    this.body = body;
  }

  /**
   * Parses a message.
   *
   * @throws ProblemException {@link ProblemType#PAYLOAD_TOO_LARGE} over {@link #MAX_BYTES}, {@link
   *     ProblemType#INVALID_REQUEST} naming what is malformed
   */
  public static MimeMessage parse(byte[] message) {
    if (message.length > MAX_BYTES) {
      throw ProblemException.of(
          ProblemType.PAYLOAD_TOO_LARGE,
          "the email is " + message.length + " bytes; at most " + MAX_BYTES + " are accepted");
    }
    return parsePart(toLf(message), "the email");
  }

  /** Parses one part (or the whole message) whose line endings are already LF. */
  static MimeMessage parsePart(byte[] lf, String what) {
    int split = headerEnd(lf);
    int bodyStart = split < 0 ? lf.length : split + (split == 0 ? 1 : 2);
    int headerLength = split < 0 ? lf.length : split;
    String headerText = utf8(Arrays.copyOfRange(lf, 0, headerLength), what);
    return new MimeMessage(
        unfold(headerText, what),
        Arrays.copyOfRange(lf, Math.min(bodyStart, lf.length), lf.length));
  }

  /** Every header field, in message order. */
  public List<HeaderField> headers() {
    return headers;
  }

  /** The values of every field named {@code name} (case-insensitive), in message order. */
  public List<String> values(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return headers.stream().filter(h -> h.name().equals(lower)).map(HeaderField::value).toList();
  }

  /**
   * The value of the field named {@code name}, if present.
   *
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} if the field occurs more than once
   */
  public Optional<String> single(String name) {
    List<String> values = values(name);
    if (values.size() > 1) {
      throw invalid(
          "the email has " + values.size() + " " + name + " headers; at most 1 is allowed");
    }
    return values.stream().findFirst();
  }

  /** The body bytes after the blank line, line endings LF, still transfer-encoded; not copied. */
  byte[] body() {
    return body;
  }

  static ProblemException invalid(String detail) {
    return ProblemException.of(ProblemType.INVALID_REQUEST, detail);
  }

  /** Index of the LF that ends the header section (the first of two), or 0/-1 as below. */
  private static int headerEnd(byte[] lf) {
    if (lf.length > 0 && lf[0] == '\n') {
      return 0;
    }
    for (int i = 0; i + 1 < lf.length; i++) {
      if (lf[i] == '\n' && lf[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static List<HeaderField> unfold(String text, String what) {
    List<HeaderField> fields = new ArrayList<>();
    if (text.isEmpty()) {
      return fields;
    }
    String[] lines = text.split("\n", -1);
    StringBuilder current = null;
    int lineNumber = 0;
    for (String line : lines) {
      lineNumber++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (current == null) {
          throw invalid(what + ": header line " + lineNumber + " continues no header");
        }
        // Unfolding removes only the line break (RFC 5322 §2.2.3); the whitespace stays.
        current.append(line);
        continue;
      }
      if (current != null) {
        fields.add(field(current.toString(), what));
      }
      if (lineNumber == 1 && line.startsWith("From ")) {
        // An mbox separator line, which some exports keep: not a header.
        current = null;
        continue;
      }
      if (line.indexOf(':') <= 0) {
        throw invalid(what + ": header line " + lineNumber + " has no field name and colon");
      }
      current = new StringBuilder(line);
    }
    if (current != null) {
      fields.add(field(current.toString(), what));
    }
    return fields;
  }

  private static HeaderField field(String unfolded, String what) {
    int colon = unfolded.indexOf(':');
    String name = unfolded.substring(0, colon);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c > '~') {
        throw invalid(what + ": header field name \"" + name + "\" holds an invalid character");
      }
    }
    return new HeaderField(name, unfolded.substring(colon + 1).strip());
  }

  private static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(what + ": the header section is not valid UTF-8");
    }
  }

  /** CRLF and lone CR become LF, so that both line-ending conventions parse the same. */
  static byte[] toLf(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b == '\r') {
        out.write('\n');
        if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }
}
