package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.Email;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an email against the legal rules of CAN-SPAM and GDPR/ePrivacy and the heuristics of spam
 * filters and mailbox providers; see {@link Rule} for the catalogue and {@link ComplianceReport}
 * for the score.
 */
public final class ComplianceRules {

  private ComplianceRules() {}

  /** Runs every rule on the email; each rule reports at most one finding. */
  public static ComplianceReport check(Email email, Sender sender) {
    ScannedEmail scanned = ScannedEmail.of(email, sender);
    List<Finding> findings = new ArrayList<>();
    findings.addAll(LegalRules.check(scanned));
    findings.addAll(SenderRules.check(scanned));
    findings.addAll(ContentRules.check(scanned));
    findings.addAll(LinkRules.check(scanned));
    findings.addAll(HtmlRules.check(scanned));
    return ComplianceReport.of(findings);
  }

  /**
   * Runs the rules that read only a subject line (deceptive prefix, length, capitals, exclamation
   * marks, spam phrases), for agents that write or weigh subjects before there is an email.
   */
  public static List<Finding> checkSubject(String subject) {
    return ContentRules.checkSubject(subject);
  }

  /**
   * Runs the rules that read only a text (spam phrases), for a preheader or a body on its own: the
   * copywriter's variants, which are checked one by one.
   */
  public static List<Finding> checkText(String text) {
    return ContentRules.checkText(text);
  }

  /**
   * The phrases that spam filters score (e.g. "act now", "100% free") found in {@code text}, in the
   * catalogue's order; the same list the email rules use.
   */
  public static List<String> spamPhrases(String text) {
    return ContentRules.spamPhrasesIn(text);
  }

  /**
   * Every phrase that spam filters score, in the catalogue's order: for instructions that tell a
   * writer (a language model) what not to write.
   */
  public static List<String> spamPhraseCatalogue() {
    return ContentRules.spamPhraseCatalogue();
  }
}
