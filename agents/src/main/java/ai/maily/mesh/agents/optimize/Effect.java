package ai.maily.mesh.agents.optimize;

import java.util.List;
import java.util.Locale;

/**
 * What one interpretable feature of a subject or body does to a rate: a shift of its log-odds.
 *
 * @param feature the feature's id, e.g. {@code personalised}
 * @param logOdds added to the rate's log-odds; {@code exp(logOdds)} multiplies its odds
 * @param detail what was found, for the reasons, e.g. {@code "first_name"}
 */
record Effect(String feature, double logOdds, String detail) {

  /** The sum of the effects' shifts. */
  static double total(List<Effect> effects) {
    return effects.stream().mapToDouble(Effect::logOdds).sum();
  }

  /** {@code "personalised (first_name): odds ×1.08"}. */
  String reason() {
    return String.format(
        Locale.ROOT,
        "%s%s: odds ×%.2f",
        feature,
        detail.isEmpty() ? "" : " (" + detail + ")",
        Math.exp(logOdds));
  }
}
