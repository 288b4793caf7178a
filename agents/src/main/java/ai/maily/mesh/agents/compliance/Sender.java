package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.InputNode;
import java.util.Optional;

/**
 * What the account knows about the sender, from {@code input.sender}.
 *
 * @param name the organisation's name
 * @param postalAddress the physical postal address the footer shows
 * @param domain the authenticated sending domain (SPF/DKIM), which From should align with
 */
public record Sender(
    Optional<String> name, Optional<String> postalAddress, Optional<String> domain) {

  /** A sender the account says nothing about. */
  public static final Sender UNKNOWN =
      new Sender(Optional.empty(), Optional.empty(), Optional.empty());

  /** Reads {@code input.sender}; fails with a field-naming invalid-input failure. */
  public static Sender from(InputNode sender) {
    return new Sender(
        sender.optionalText("name").filter(s -> !s.isBlank()),
        sender.optionalText("postalAddress").filter(s -> !s.isBlank()),
        sender.optionalText("domain").filter(s -> !s.isBlank()));
  }
}
