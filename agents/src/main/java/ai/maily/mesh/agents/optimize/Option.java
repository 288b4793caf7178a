package ai.maily.mesh.agents.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A subject, preheader or body the optimizer may choose: a copywriter's variant, or a part of the
 * draft.
 *
 * @param id the copywriter's id ({@code s1}, {@code s-draft}, ...)
 * @param text the text, merge tags as written
 * @param html the body's HTML, if any
 * @param score the copywriter's relevance score, 0 for a draft read from {@code input.email}
 * @param flags why compliance objects to it, one line per objection; empty if it does not
 */
record Option(String id, String text, Optional<String> html, double score, List<String> flags) {

  Option {
    flags = List.copyOf(flags);
  }

  boolean flagged() {
    return !flags.isEmpty();
  }

  /** This option with more objections. */
  Option withFlags(List<String> more) {
    List<String> all = new ArrayList<>(flags);
    more.stream().filter(flag -> !all.contains(flag)).forEach(all::add);
    return new Option(id, text, html, score, all);
  }
}
