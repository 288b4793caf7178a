package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.Schemas;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplianceReportTest {

  private static Finding finding(Rule rule, Severity severity) {
    return Finding.of(rule, severity, "message", "fix");
  }

  @Test
  void deductsPerSeverityFromTen() {
    ComplianceReport report =
        ComplianceReport.of(
            List.of(
                finding(Rule.PREHEADER, Severity.INFO),
                finding(Rule.INSECURE_LINK, Severity.WARNING),
                finding(Rule.POSTAL_ADDRESS, Severity.ERROR),
                finding(Rule.UNSUBSCRIBE_LINK, Severity.CRITICAL)));

    assertThat(report.score()).isEqualTo(10.0 - 0.5 - 1.5 - 3.0);
  }

  @Test
  void neverScoresBelowZero() {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule :
        List.of(
            Rule.UNSUBSCRIBE_LINK,
            Rule.FROM_ADDRESS,
            Rule.EMPTY_BODY,
            Rule.LINK_TEXT_DOMAIN_MISMATCH)) {
      findings.add(finding(rule, Severity.CRITICAL));
    }

    assertThat(ComplianceReport.of(findings).score()).isZero();
  }

  @Test
  void scoresTenWithoutFindings() {
    ComplianceReport report = ComplianceReport.of(List.of());

    assertThat(report.score()).isEqualTo(10.0);
    assertThat(report.passed()).isTrue();
    assertThat(report.summary()).isEqualTo("score 10.0/10, no findings");
  }

  @Test
  void passesWithWarningsButNotWithErrorsOrCriticals() {
    assertThat(
            ComplianceReport.of(
                    List.of(
                        finding(Rule.PREHEADER, Severity.INFO),
                        finding(Rule.INSECURE_LINK, Severity.WARNING)))
                .passed())
        .isTrue();
    assertThat(ComplianceReport.of(List.of(finding(Rule.POSTAL_ADDRESS, Severity.ERROR))).passed())
        .isFalse();
    assertThat(
            ComplianceReport.of(List.of(finding(Rule.UNSUBSCRIBE_LINK, Severity.CRITICAL)))
                .passed())
        .isFalse();
  }

  @Test
  void summarisesScoreAndCountsBySeverity() {
    ComplianceReport report =
        ComplianceReport.of(
            List.of(
                finding(Rule.INSECURE_LINK, Severity.WARNING),
                finding(Rule.POSTAL_ADDRESS, Severity.ERROR),
                finding(Rule.PLAIN_TEXT_PART, Severity.WARNING)));

    assertThat(report.summary()).isEqualTo("score 7.5/10, 1 error, 2 warnings");
    assertThat(
            ComplianceReport.of(
                    List.of(
                        finding(Rule.UNSUBSCRIBE_LINK, Severity.CRITICAL),
                        finding(Rule.EMPTY_BODY, Severity.CRITICAL),
                        finding(Rule.PREHEADER, Severity.INFO)))
                .summary())
        .isEqualTo("score 4.0/10, 2 critical, 1 info");
  }

  @Test
  void ordersFindingsMostSevereFirstKeepingRuleOrderWithinASeverity() {
    ComplianceReport report =
        ComplianceReport.of(
            List.of(
                finding(Rule.PREHEADER, Severity.INFO),
                finding(Rule.LIST_UNSUBSCRIBE_HEADER, Severity.WARNING),
                finding(Rule.POSTAL_ADDRESS, Severity.ERROR),
                finding(Rule.FROM_DISPLAY_NAME, Severity.WARNING)));

    assertThat(report.findings())
        .extracting(Finding::rule)
        .containsExactly(
            Rule.POSTAL_ADDRESS,
            Rule.LIST_UNSUBSCRIBE_HEADER,
            Rule.FROM_DISPLAY_NAME,
            Rule.PREHEADER);
  }

  @Test
  void truncatesEvidenceAndDropsBlankEvidence() {
    Finding longEvidence =
        Finding.of(Rule.SPAM_PHRASES, Severity.WARNING, "m", "f", "x".repeat(500));
    Finding blankEvidence = Finding.of(Rule.IMAGE_ONLY_BODY, Severity.ERROR, "m", "f", "  \n ");

    assertThat(longEvidence.evidence()).get().asString().hasSize(120).endsWith("…");
    assertThat(blankEvidence.evidence()).isEmpty();
  }

  @Test
  void ruleIdsAreStableKebabCaseAndListedInTheOutputSchema() {
    JsonNode listed =
        Schemas.load("compliance-output.json")
            .at("/properties/findings/items/properties/rule/enum");
    List<String> ids = Arrays.stream(Rule.values()).map(Rule::id).toList();

    assertThat(ids).allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
    assertThat(listed).extracting(JsonNode::asText).containsExactlyElementsOf(ids);
    assertThat(Rule.UNSUBSCRIBE_LINK.id()).isEqualTo("unsubscribe-link");
  }
}
