package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceRulesTest {

  @Test
  void cleanEmailHasNoFindingsAndScoresTen() {
    ComplianceReport report = Draft.clean().check();

    assertThat(report.findings()).isEmpty();
    assertThat(report.score()).isEqualTo(10.0);
    assertThat(report.passed()).isTrue();
  }

  @Test
  void spammyEmailCollectsOneFindingPerRuleMostSevereFirst() {
    ComplianceReport report =
        Draft.clean()
            .from("deals@gmail.com")
            .subject("RE: FREE GIFT INSIDE!!!")
            .preheader(null)
            .text(null)
            .header("List-Unsubscribe", null)
            .html(
                "<p>CONGRATULATIONS!!! You are a WINNER. Act now to claim your 100% free gift.</p>"
                    + "<a href=\"http://bit.ly/3xYz\">paypal.com</a>"
                    + "<a href=\"http://bit.ly/other\">bit.ly/other</a>"
                    + "<img src=\"https://cdn.example/banner.png\">")
            .check();

    List<Rule> rules = report.findings().stream().map(Finding::rule).toList();
    assertThat(rules)
        .doesNotHaveDuplicates()
        .contains(
            Rule.UNSUBSCRIBE_LINK,
            Rule.LIST_UNSUBSCRIBE_HEADER,
            Rule.POSTAL_ADDRESS,
            Rule.FROM_DISPLAY_NAME,
            Rule.FREE_MAIL_SENDER,
            Rule.FROM_DOMAIN_ALIGNMENT,
            Rule.DECEPTIVE_SUBJECT_PREFIX,
            Rule.SUBJECT_ALL_CAPS,
            Rule.SUBJECT_EXCLAMATION,
            Rule.BODY_EXCLAMATION,
            Rule.SPAM_PHRASES,
            Rule.LINK_TEXT_DOMAIN_MISMATCH,
            Rule.URL_SHORTENER,
            Rule.INSECURE_LINK,
            Rule.IMAGE_ONLY_BODY,
            Rule.IMAGE_ALT_TEXT,
            Rule.PLAIN_TEXT_PART,
            Rule.PREHEADER);
    assertThat(report.findings())
        .extracting(Finding::severity)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(report.score()).isZero();
    assertThat(report.passed()).isFalse();
  }

  @Test
  void checksASubjectLineAloneWithTheEmailRulesOnSubjects() {
    List<Finding> findings = ComplianceRules.checkSubject("RE: FREE GIFT for you, act now!!!");

    assertThat(findings)
        .extracting(Finding::rule)
        .containsExactly(
            Rule.DECEPTIVE_SUBJECT_PREFIX,
            Rule.SUBJECT_ALL_CAPS,
            Rule.SUBJECT_EXCLAMATION,
            Rule.SPAM_PHRASES);
    assertThat(findings.get(3).evidence()).contains("act now, free gift");
    assertThat(ComplianceRules.checkSubject("Your spring trail guide is here")).isEmpty();
  }

  @Test
  void findsSpamPhrasesWhateverTheirCaseAndSpacing() {
    assertThat(ComplianceRules.spamPhrases("Click  HERE for a Free\ngift, no strings attached"))
        .containsExactly("click here", "free gift", "no strings attached");
    assertThat(ComplianceRules.spamPhrases("Free returns for 60 days")).isEmpty();
  }
}
