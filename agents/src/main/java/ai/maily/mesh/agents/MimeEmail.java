package ai.maily.mesh.agents;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Reads a received email (RFC 5322 with MIME, e.g. from a mail corpus) into the {@link Email} that
 * agents read: From, Reply-To and Subject with encoded words decoded, the first text/html and
 * text/plain parts decoded from their transfer encoding and charset, and the top-level headers.
 *
 * <p>Lenient on purpose, unlike the trust canonicalizer: real 2002 mail has unknown charsets,
 * broken boundaries and 8-bit headers, and a training set wants the words, not a refusal. Bytes
 * that do not decode are replaced; an unknown charset is read as ISO-8859-1.
 */
public final class MimeEmail {

  private static final MimeConfig LENIENT =
      new MimeConfig.Builder()
          .setMaxLineLen(-1)
          .setMaxHeaderLen(-1)
          .setMaxHeaderCount(-1)
          .setMaxContentLen(-1)
          .setStrictParsing(false)
          .build();

  private MimeEmail() {}

  /**
   * Parses {@code raw}; an mbox {@code From } separator line at the start is skipped.
   *
   * @throws IOException if mime4j cannot read the message at all
   */
  public static Email parse(byte[] raw) throws IOException {
    MimeTokenStream stream = new MimeTokenStream(LENIENT);
    stream.parse(new ByteArrayInputStream(raw, mboxLineEnd(raw), raw.length));
    Map<String, String> headers = new LinkedHashMap<>();
    String html = null;
    String text = null;
    boolean inTopHeader = true;
    try {
      for (EntityState state = stream.getState();
          state != EntityState.T_END_OF_STREAM;
          state = stream.next()) {
        if (state == EntityState.T_FIELD && inTopHeader) {
          Field field = stream.getField();
          // The first occurrence wins, as for the agents' single-valued headers.
          headers.putIfAbsent(field.getName(), decodeHeader(field.getBody()));
        } else if (state == EntityState.T_END_HEADER) {
          inTopHeader = false;
        } else if (state == EntityState.T_BODY) {
          BodyDescriptor body = stream.getBodyDescriptor();
          String mimeType = body.getMimeType().toLowerCase(Locale.ROOT);
          if (mimeType.equals("text/html") && html == null) {
            html = read(stream.getDecodedInputStream(), body.getCharset());
          } else if (mimeType.equals("text/plain") && text == null) {
            text = read(stream.getDecodedInputStream(), body.getCharset());
          }
        }
      }
    } catch (MimeException e) {
      throw new IOException("mime4j cannot read the message: " + e.getMessage(), e);
    }
    String from = header(headers, "From").orElse("");
    String subject = header(headers, "Subject").orElse("");
    return new Email(
        from,
        header(headers, "Reply-To"),
        subject,
        Optional.empty(),
        Optional.ofNullable(html),
        Optional.ofNullable(text),
        headers);
  }

  private static int mboxLineEnd(byte[] raw) {
    if (raw.length < 5 || !new String(raw, 0, 5, StandardCharsets.US_ASCII).equals("From ")) {
      return 0;
    }
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\n') {
        return i + 1;
      }
    }
    return raw.length;
  }

  private static Optional<String> header(Map<String, String> headers, String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  private static String decodeHeader(String value) {
    return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT).strip();
  }

  private static String read(InputStream in, String charsetName) throws IOException {
    return new String(in.readAllBytes(), charset(charsetName));
  }

  private static Charset charset(String name) {
    try {
      return name == null || name.isBlank() ? StandardCharsets.ISO_8859_1 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }
}
