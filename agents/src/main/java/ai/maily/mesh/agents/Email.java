package ai.maily.mesh.agents;

import java.util.Map;
import java.util.Optional;

/**
 * An email draft as agents read it from {@code input.email}.
 *
 * @param from the From header, {@code "Name <addr@domain>"} or {@code "addr@domain"}, unvalidated
 * @param replyTo the Reply-To address, if any
 * @param subject the subject line
 * @param preheader the preview text shown after the subject in inboxes, if any
 * @param html the HTML part, if any
 * @param text the plain-text part, if any
 * @param headers extra headers by name, e.g. {@code List-Unsubscribe}
 */
public record Email(
    String from,
    Optional<String> replyTo,
    String subject,
    Optional<String> preheader,
    Optional<String> html,
    Optional<String> text,
    Map<String, String> headers) {

  public Email {
    headers = Map.copyOf(headers);
  }

  /** Reads {@code input.email}; fails with a field-naming invalid-input failure. */
  public static Email from(InputNode email) {
    return new Email(
        email.requiredText("from"),
        email.optionalText("replyTo"),
        email.requiredText("subject"),
        email.optionalText("preheader"),
        email.optionalText("html"),
        email.optionalText("text"),
        email.scalars("headers"));
  }

  /** The value of a header; names compare case-insensitively, as in RFC 5322. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
