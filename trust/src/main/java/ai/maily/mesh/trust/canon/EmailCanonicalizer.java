package ai.maily.mesh.trust.canon;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an email into canonical bytes (format {@code maily-email/1}), the input of its content
 * hash. A raw RFC 5322 message and the structured fields of the same email give the same bytes.
 *
 * <p>The canonical form is UTF-8 text:
 *
 * <pre>
 * maily-email/1
 * from: "Acme Outdoor" &lt;news@acme.com&gt;
 * reply-to: &lt;team@acme.com&gt;          (only when present)
 * subject: Your trail guide is here
 * text/plain 42                         (only when present: byte length, then the bytes)
 * ...42 bytes of normalised text...
 * text/html 97                          (only when present)
 * ...97 bytes of normalised HTML...
 * attachment image/png 9f86d0...        (per other part: type and SHA-256 of its decoded bytes)
 * </pre>
 *
 * <p>What is covered, and why:
 *
 * <ul>
 *   <li>Only From, Reply-To and Subject of the headers. They say who speaks and what about; every
 *       other header is either set per delivery after certification (To, Cc, Date, Message-ID,
 *       List-Unsubscribe with its per-contact link) or added in transit (Received, DKIM-Signature,
 *       ARC-*, Return-Path, and Maily-Certificate itself, which carries the certificate). So one
 *       certificate covers every recipient's copy.
 *   <li>Header values: RFC 2047 encoded words decoded, folding undone, whitespace runs collapsed to
 *       one space and trimmed, Unicode NFC. Addresses: comments and quoting dropped, domain
 *       lower-cased, display name always quoted (see {@link Mailboxes}). A header that may occur
 *       once but occurs twice is refused, since mail clients disagree on which one they show.
 *   <li>Bodies: the first text/plain and the first text/html part that are not attachments,
 *       wherever they sit in the multipart tree. Transfer encodings (quoted-printable, base64) are
 *       decoded and the charset converted to UTF-8, because relays re-encode freely; line endings
 *       become LF, trailing spaces and tabs of each line and blank lines at the end are removed,
 *       and the text is put in Unicode NFC. Everything else (images, attachments, further text
 *       parts) is covered by the SHA-256 of its decoded bytes, so swapping an attachment breaks the
 *       certificate.
 *   <li>Lengths prefix the bodies and header values are single lines, so no two different emails
 *       share a canonical form.
 * </ul>
 *
 * <p>Limits: {@link MimeMessage#MAX_BYTES} per email (larger is {@link
 * ProblemType#PAYLOAD_TOO_LARGE}), {@link MimeMessage#MAX_DEPTH} nested multiparts and {@link
 * MimeMessage#MAX_PARTS} parts (more is {@link ProblemType#INVALID_REQUEST}).
 */
public final class EmailCanonicalizer {

  /** First line of every canonical email; a new rule set gets a new version. */
  public static final String FORMAT = "maily-email/1";

  private EmailCanonicalizer() {}

  /**
   * The canonical bytes of a raw message.
   *
   * @throws ProblemException {@link ProblemType#PAYLOAD_TOO_LARGE} or {@link
   *     ProblemType#INVALID_REQUEST} naming what is wrong
   */
  public static byte[] canonicalize(Content.RawEmail email) {
    return canonicalize(MimeMessage.parse(email.message()));
  }

  /**
   * The canonical bytes of a parsed message.
   *
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} naming what is wrong
   */
  public static byte[] canonicalize(MimeMessage message) {
    String from =
        message.single("from").orElseThrow(() -> MimeMessage.invalid("the email has no From"));
    Parts parts = new Parts();
    walk(message, 0, parts);
    return render(
        Mailboxes.canonical("from", from),
        message.single("reply-to").map(value -> Mailboxes.canonical("reply-to", value)),
        subject(message.single("subject").orElse("")),
        Optional.ofNullable(parts.text),
        Optional.ofNullable(parts.html),
        parts.attachments);
  }

  /**
   * The canonical bytes of structured fields.
   *
   * @throws ProblemException {@link ProblemType#PAYLOAD_TOO_LARGE} or {@link
   *     ProblemType#INVALID_REQUEST} naming what is wrong
   */
  public static byte[] canonicalize(Content.StructuredEmail email) {
    long size =
        utf8Length(email.from())
            + utf8Length(email.subject())
            + email.replyTo().map(EmailCanonicalizer::utf8Length).orElse(0L)
            + email.html().map(EmailCanonicalizer::utf8Length).orElse(0L)
            + email.text().map(EmailCanonicalizer::utf8Length).orElse(0L);
    if (size > MimeMessage.MAX_BYTES) {
      throw ProblemException.of(
          ProblemType.PAYLOAD_TOO_LARGE,
          "the email is " + size + " bytes; at most " + MimeMessage.MAX_BYTES + " are accepted");
    }
    return render(
        Mailboxes.canonical("from", email.from()),
        email.replyTo().map(value -> Mailboxes.canonical("reply-to", value)),
        subject(email.subject()),
        email.text().map(TextNormalizer::bodyText),
        email.html().map(TextNormalizer::bodyText),
        List.of());
  }

  private static String subject(String subject) {
    return TextNormalizer.headerText(EncodedWords.decode(subject));
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        // With its low surrogate: one 4-byte sequence.
        bytes += 2;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static byte[] render(
      String from,
      Optional<String> replyTo,
      String subject,
      Optional<String> text,
      Optional<String> html,
      List<String> attachments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    line(out, FORMAT, "the format");
    line(out, "from: " + from, "the From");
    replyTo.ifPresent(value -> line(out, "reply-to: " + value, "the Reply-To"));
    line(out, "subject: " + subject, "the Subject");
    text.ifPresent(body -> section(out, "text/plain", body));
    html.ifPresent(body -> section(out, "text/html", body));
    attachments.forEach(attachment -> line(out, "attachment " + attachment, "an attachment"));
    return out.toByteArray();
  }

  private static void section(ByteArrayOutputStream out, String type, String body) {
    byte[] bytes = Utf8.encode(body, "the " + type + " body");
    line(out, type + " " + bytes.length, "a body's length");
    out.writeBytes(bytes);
    out.write('\n');
  }

  /** Writes one line; {@code what} names it if it is not valid Unicode. */
  private static void line(ByteArrayOutputStream out, String line, String what) {
    out.writeBytes(Utf8.encode(line, what));
    out.write('\n');
  }

  /** What the walk over the MIME tree found. */
  private static final class Parts {
    private String text;
    private String html;
    private final List<String> attachments = new ArrayList<>();
    private int count;
  }

  private static void walk(MimeMessage part, int depth, Parts parts) {
    if (++parts.count > MimeMessage.MAX_PARTS) {
      throw MimeMessage.invalid("the email has more than " + MimeMessage.MAX_PARTS + " MIME parts");
    }
    ContentType type = ContentType.parse(part.single("content-type"));
    if (type.isMultipart()) {
      if (depth >= MimeMessage.MAX_DEPTH) {
        throw MimeMessage.invalid(
            "the email nests multiparts deeper than " + MimeMessage.MAX_DEPTH + " levels");
      }
      String boundary =
          type.parameter("boundary")
              .filter(b -> !b.isEmpty())
              .orElseThrow(
                  () -> MimeMessage.invalid("a " + type.mimeType() + " part has no boundary"));
      for (byte[] child : MultipartBody.parts(part.body(), type.mimeType(), boundary)) {
        walk(MimeMessage.parsePart(child, "a MIME part"), depth + 1, parts);
      }
      return;
    }
    byte[] decoded =
        TransferEncoding.decode(
            part.single("content-transfer-encoding"),
            part.body(),
            "a " + type.mimeType() + " part");
    boolean attachment =
        part.single("content-disposition")
            .map(d -> d.split(";", 2)[0].strip().equalsIgnoreCase("attachment"))
            .orElse(false);
    if (!attachment && type.mimeType().equals("text/plain") && parts.text == null) {
      parts.text = TextNormalizer.bodyText(text(decoded, type));
    } else if (!attachment && type.mimeType().equals("text/html") && parts.html == null) {
      parts.html = TextNormalizer.bodyText(text(decoded, type));
    } else {
      parts.attachments.add(type.mimeType() + " " + sha256Hex(decoded));
    }
  }

  private static String text(byte[] decoded, ContentType type) {
    // Undeclared 8-bit text is UTF-8 far more often than anything else, and US-ASCII is a subset.
    String name = type.parameter("charset").orElse("utf-8").strip().toLowerCase(Locale.ROOT);
    Charset charset;
    try {
      charset = name.equals("us-ascii") ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw MimeMessage.invalid(
          "a " + type.mimeType() + " part has unknown charset \"" + name + "\"");
    }
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(decoded))
          .toString();
    } catch (CharacterCodingException e) {
      throw MimeMessage.invalid(
          "a " + type.mimeType() + " part is not valid " + charset.name() + " text");
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
