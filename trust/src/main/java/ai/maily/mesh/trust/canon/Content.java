package ai.maily.mesh.trust.canon;

import java.util.Objects;
import java.util.Optional;

/** Something a certificate can vouch for: an email in either of its forms, or a document. */
public sealed interface Content {

  /**
   * A complete RFC 5322 message as received or sent: headers, blank line, body.
   *
   * @param message the message bytes; CRLF or LF line endings
   */
  record RawEmail(byte[] message) implements Content {

    /** Requires the message. */
    public RawEmail {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * An email as its fields, the shape of {@code input.email} in tasks.
   *
   * @param from the From header, {@code "Name <addr@domain>"} or {@code "addr@domain"}
   * @param replyTo the Reply-To header, if any
   * @param subject the subject line
   * @param html the HTML part, if any
   * @param text the plain-text part, if any
   */
  record StructuredEmail(
      String from,
      Optional<String> replyTo,
      String subject,
      Optional<String> html,
      Optional<String> text)
      implements Content {

    /** Requires from and subject; the optional parts must not be null. */
    public StructuredEmail {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(replyTo, "replyTo");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(html, "html");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * Any other content, vouched for byte for byte: nothing is normalised.
   *
   * @param mediaType its media type, e.g. {@code text/html} or {@code image/png}
   * @param bytes its exact bytes
   */
  record Document(String mediaType, byte[] bytes) implements Content {

    /** Requires both fields. */
    public Document {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(bytes, "bytes");
    }
  }
}
