package ai.maily.mesh.agents.copy;

import java.util.List;
import java.util.Optional;

/**
 * One subject line, preheader or body the copywriter offers.
 *
 * @param id stable within one answer: {@code s1}, {@code p2}, {@code b1}; {@code s-draft} for the
 *     draft's
 * @param text the text, merge tags as written
 * @param html the body as HTML (bodies only)
 * @param score relevance to the brief, 0 to 1, three decimals
 * @param source the generator that wrote it ({@code local}), or {@code draft} for the marketer's
 * @param flags ids of the compliance rules the text breaks (only a draft can break them)
 */
public record CopyVariant(
    String id,
    String text,
    Optional<String> html,
    double score,
    String source,
    List<String> flags) {

  /** The source of the variants that come from the marketer's draft. */
  public static final String DRAFT = "draft";

  public CopyVariant {
    flags = List.copyOf(flags);
  }
}
