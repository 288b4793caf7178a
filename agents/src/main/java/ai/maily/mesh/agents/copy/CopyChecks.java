package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.compliance.ComplianceRules;
import ai.maily.mesh.agents.compliance.Finding;
import ai.maily.mesh.agents.compliance.Rule;
import ai.maily.mesh.agents.personalize.MergeTemplate;
import java.util.List;

/**
 * Compliance's rules on copy that a language model wrote, which may break them whatever it was
 * told: a subject must draw no finding of {@link ComplianceRules#checkSubject} (the bar the local
 * composer's subjects meet), a preheader or body no spam phrase. A broken rule becomes a flag, its
 * rule's id, which the optimizer reads to pass the variant over.
 */
final class CopyChecks {

  /** The flag of a text with phrases that spam filters score. */
  static final String SPAM_PHRASES = Rule.SPAM_PHRASES.id();

  private CopyChecks() {}

  /** The rules {@code subject} breaks, by id, in the order compliance checks them. */
  static List<String> subjectFlags(String subject) {
    return ComplianceRules.checkSubject(seen(subject)).stream()
        .map(Finding::rule)
        .map(Rule::id)
        .distinct()
        .toList();
  }

  /** {@link #SPAM_PHRASES} when {@code text} has a phrase that spam filters score. */
  static List<String> phraseFlags(String text) {
    return ComplianceRules.spamPhrases(seen(text)).isEmpty() ? List.of() : List.of(SPAM_PHRASES);
  }

  /**
   * What a recipient without the merge fields sees: each merge tag replaced by its default, or by
   * nothing. Rules and embeddings read this, not the tags' syntax.
   */
  static String seen(String text) {
    return MergeTemplate.seenWithoutData(text);
  }
}
