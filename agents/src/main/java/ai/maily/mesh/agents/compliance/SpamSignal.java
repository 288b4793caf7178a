package ai.maily.mesh.agents.compliance;

import java.util.List;

/**
 * The semantic spam signal of an email: how much its text reads like spam to {@link SpamModel}, and
 * why.
 *
 * @param probability 0 to 1, three decimals: the chance that the subject and body are spam
 * @param reasons the sentences that read most like spam, most spammy first; empty when the email as
 *     a whole does not read like spam
 * @param agreeingRules the ids of the rule findings that point the same way (spam phrases,
 *     shouting, deceptive links), when the email reads like spam
 */
public record SpamSignal(double probability, List<Reason> reasons, List<String> agreeingRules) {

  /** Above this probability the email is reported as likely spam and its reasons are given. */
  public static final double LIKELY = 0.5;

  public SpamSignal {
    reasons = List.copyOf(reasons);
    agreeingRules = List.copyOf(agreeingRules);
  }

  /** True when the email reads more like spam than not. */
  public boolean likelySpam() {
    return probability >= LIKELY;
  }

  /**
   * A sentence of the email and its own spam probability.
   *
   * @param text the sentence (the subject counts as one), cut to 120 characters
   * @param probability 0 to 1, three decimals
   */
  public record Reason(String text, double probability) {}
}
