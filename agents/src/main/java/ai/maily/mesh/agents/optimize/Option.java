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
 * @param voice what brand-voice said of it, if a brand-voice step scored it
 */
record Option(
    String id,
    String text,
    Optional<String> html,
    double score,
    List<String> flags,
    Optional<BrandVoiceScores.Voice> voice) {

  Option {
    flags = List.copyOf(flags);
  }

  /** An option no brand-voice step scored. */
  Option(String id, String text, Optional<String> html, double score, List<String> flags) {
    this(id, text, html, score, flags, Optional.empty());
  }

  /** The factor of its rate in the ranking ({@link BrandVoiceScores}); 1 when unscored. */
  double voiceFactor() {
    return voice.map(BrandVoiceScores.Voice::factor).orElse(1.0);
  }

  boolean flagged() {
    return !flags.isEmpty();
  }

  /** This option with more objections. */
  Option withFlags(List<String> more) {
    List<String> all = new ArrayList<>(flags);
    more.stream().filter(flag -> !all.contains(flag)).forEach(all::add);
    return new Option(id, text, html, score, all, voice);
  }

  /** This option with brand-voice's verdict on it. */
  Option withVoice(Optional<BrandVoiceScores.Voice> verdict) {
    return new Option(id, text, html, score, flags, verdict);
  }
}
