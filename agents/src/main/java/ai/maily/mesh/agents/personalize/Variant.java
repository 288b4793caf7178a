package ai.maily.mesh.agents.personalize;

import java.util.List;
import java.util.Optional;

/**
 * The email rendered for one segment.
 *
 * @param segment the segment's name, or {@code default} when the audience has no segments
 * @param subject the rendered subject
 * @param preheader the rendered preheader, if the email has one
 * @param html the rendered HTML part, values HTML-escaped, if the email has one
 * @param text the rendered plain-text part, if the email has one
 * @param fallbacks the fields the segment had no value for, in order of first use; their tags
 *     rendered the inline default, else the audience fallback, else nothing
 */
public record Variant(
    String segment,
    String subject,
    Optional<String> preheader,
    Optional<String> html,
    Optional<String> text,
    List<String> fallbacks) {

  public Variant {
    fallbacks = List.copyOf(fallbacks);
  }
}
