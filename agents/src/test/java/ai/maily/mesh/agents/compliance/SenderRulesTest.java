package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenderRulesTest {

  private static Sender sendingDomain(String domain) {
    return new Sender(Optional.of("Acme Outdoor"), Optional.empty(), Optional.of(domain));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"Acme Outdoor", "news@", "Acme <news at acme.com>", "", "news@acme", "<>"})
  void flagsFromWithoutAValidAddressAsCritical(String from) {
    Draft draft = Draft.clean().from(from);

    assertThat(draft.finding(Rule.FROM_ADDRESS))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
    assertThat(draft.check().findings())
        .extracting(Finding::rule)
        .doesNotContain(Rule.FROM_DISPLAY_NAME, Rule.FROM_DOMAIN_ALIGNMENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Acme Outdoor <news@acme.com>",
        "\"Acme, Inc.\" <news@acme.com>",
        "Acme <news.letter+spring@mail.acme.com>"
      })
  void acceptsFromWithDisplayNameOnTheSendingDomain(String from) {
    assertThat(Draft.clean().from(from).check().findings()).isEmpty();
  }

  @Test
  void warnsOnMissingDisplayNameAndSuggestsTheSendersName() {
    Finding finding =
        Draft.clean().from("news@acme.com").finding(Rule.FROM_DISPLAY_NAME).orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.fix()).contains("\"Acme Outdoor <news@acme.com>\"");
  }

  @Test
  void flagsFromDomainNotAlignedWithTheSendingDomain() {
    Finding finding =
        Draft.clean()
            .from("Acme <news@acme-mail.net>")
            .finding(Rule.FROM_DOMAIN_ALIGNMENT)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).contains("acme-mail.net").contains("acme.com");
  }

  @Test
  void alignsSubdomainsUnderTwoLabelPublicSuffixes() {
    Draft draft = Draft.clean().sender(sendingDomain("acme.co.uk"));

    assertThat(draft.from("Acme <news@mail.acme.co.uk>").finding(Rule.FROM_DOMAIN_ALIGNMENT))
        .isEmpty();
    assertThat(draft.from("Acme <news@other.co.uk>").finding(Rule.FROM_DOMAIN_ALIGNMENT))
        .isPresent();
  }

  @Test
  void skipsAlignmentWhenTheSendingDomainIsUnknown() {
    assertThat(
            Draft.clean()
                .sender(Sender.UNKNOWN)
                .from("Acme <news@elsewhere.example>")
                .finding(Rule.FROM_DOMAIN_ALIGNMENT))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gmail.com", "yahoo.com", "outlook.com", "GMX.de"})
  void flagsBulkMailFromFreeMailDomains(String domain) {
    Finding finding =
        Draft.clean()
            .sender(Sender.UNKNOWN)
            .from("Acme <acme.deals@" + domain + ">")
            .finding(Rule.FREE_MAIL_SENDER)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-reply", "noreply", "no_reply", "do-not-reply", "donotreply"})
  void warnsOnNoReplySenders(String localPart) {
    assertThat(
            Draft.clean().from("Acme <" + localPart + "@acme.com>").finding(Rule.NO_REPLY_SENDER))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void acceptsAValidReplyTo() {
    assertThat(Draft.clean().replyTo("Acme Support <support@acme.com>").check().findings())
        .isEmpty();
  }

  @Test
  void warnsOnAnInvalidReplyTo() {
    Finding finding =
        Draft.clean().replyTo("support at acme").finding(Rule.REPLY_TO_ADDRESS).orElseThrow();

    assertThat(finding.evidence()).contains("support at acme");
  }
}
