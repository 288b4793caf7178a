package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegalRulesTest {

  private static final String ADDRESS =
      "<p>Acme Outdoor, 123 Main Street, Springfield, IL 62704</p>";

  @Test
  void flagsEmailWithNoWayToUnsubscribeAsCritical() {
    Finding finding =
        Draft.clean()
            .html("<p>Hello</p>" + ADDRESS)
            .text("Hello. To unsubscribe, write to us.")
            .header("List-Unsubscribe", null)
            .finding(Rule.UNSUBSCRIBE_LINK)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.fix()).contains("Unsubscribe</a>").contains("List-Unsubscribe");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<a href=\"https://acme.com/u?id=1\">Unsubscribe</a>",
        "<a href=\"https://acme.com/leave\">opt-out</a>",
        "<a href=\"https://acme.com/leave\">Opt out of these emails</a>",
        "<a href=\"https://acme.com/p\">Manage your preferences</a>",
        "<a href=\"https://acme.com/p\">Update email preferences</a>",
        "<a href=\"https://acme.com/unsubscribe?id=1\">here</a>",
        "<a href=\"{{ unsubscribe_url }}\">leave this list</a>",
        "<a href=\"*|UNSUB|*\">leave this list</a>",
        "<A HREF=https://acme.com/x><span>Un</span>subscribe</A>"
      })
  void acceptsUnsubscribeLinkNamedInTextOrHref(String link) {
    assertThat(
            Draft.clean()
                .html("<p>Hello</p>" + link + ADDRESS)
                .text(null)
                .finding(Rule.UNSUBSCRIBE_LINK))
        .isEmpty();
  }

  @Test
  void acceptsUnsubscribeUrlInThePlainTextPart() {
    assertThat(
            Draft.clean()
                .html(null)
                .text("Hello.\n123 Main Street\nUnsubscribe: https://acme.com/u?id=1")
                .finding(Rule.UNSUBSCRIBE_LINK))
        .isEmpty();
  }

  @Test
  void warnsWhenOnlyTheListUnsubscribeHeaderOffersAWayOut() {
    Finding finding =
        Draft.clean()
            .html("<p>Hello</p>" + ADDRESS)
            .text(null)
            .finding(Rule.UNSUBSCRIBE_LINK)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
  }

  @Test
  void doesNotCountAnUnusableListUnsubscribeHeaderAsAWayOut() {
    Finding finding =
        Draft.clean()
            .html("<p>Hello</p>" + ADDRESS)
            .text(null)
            .header("List-Unsubscribe", "https://acme.com/u")
            .finding(Rule.UNSUBSCRIBE_LINK)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void warnsWhenTheListUnsubscribeHeaderIsMissing() {
    Draft draft = Draft.clean().header("List-Unsubscribe", null);

    assertThat(draft.finding(Rule.LIST_UNSUBSCRIBE_HEADER))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
    assertThat(draft.finding(Rule.ONE_CLICK_UNSUBSCRIBE)).isEmpty();
  }

  @Test
  void warnsWhenTheListUnsubscribeHeaderHasNoBracketedUri() {
    Finding finding =
        Draft.clean()
            .header("List-Unsubscribe", "https://acme.com/u?id=1")
            .finding(Rule.LIST_UNSUBSCRIBE_HEADER)
            .orElseThrow();

    assertThat(finding.evidence()).contains("https://acme.com/u?id=1");
  }

  @Test
  void readsHeaderNamesCaseInsensitively() {
    Draft draft =
        Draft.clean()
            .header("List-Unsubscribe", null)
            .header("List-Unsubscribe-Post", null)
            .header("list-unsubscribe", "<https://acme.com/u?id=1>")
            .header("LIST-UNSUBSCRIBE-POST", "List-Unsubscribe=One-Click");

    assertThat(draft.check().findings()).isEmpty();
  }

  @Test
  void warnsWithoutOneClickUnsubscribe() {
    assertThat(
            Draft.clean().header("List-Unsubscribe-Post", null).finding(Rule.ONE_CLICK_UNSUBSCRIBE))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void warnsWhenOneClickHasNoHttpsUri() {
    Draft draft = Draft.clean().header("List-Unsubscribe", "<mailto:unsubscribe@acme.com>");

    assertThat(draft.finding(Rule.LIST_UNSUBSCRIBE_HEADER)).isEmpty();
    assertThat(draft.finding(Rule.ONE_CLICK_UNSUBSCRIBE)).isPresent();
  }

  @Test
  void flagsMissingPostalAddressAsError() {
    Finding finding =
        Draft.clean()
            .sender(Sender.UNKNOWN)
            .html("<p>Hello</p><a href=\"https://acme.com/u\">Unsubscribe</a>")
            .text(null)
            .finding(Rule.POSTAL_ADDRESS)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Acme Inc., 123 Main Street, Springfield",
        "350 Fifth Ave Suite 200, New York",
        "1600 Amphitheatre Pkwy, Mountain View",
        "Acme, P.O. Box 1234, Springfield",
        "Acme, Springfield, IL 62704",
        "Acme Ltd, London SW1A 1AA",
        "Acme GmbH, Hauptstraße 5, 10115 Berlin",
        "Acme GmbH, Lindenstr. 12a, Hamburg",
        "Acme SARL, 12 rue de la Paix, 75002 Paris",
        "Acme Srl, Via Roma 1, Milano"
      })
  void acceptsCommonPostalAddressShapes(String address) {
    assertThat(
            Draft.clean()
                .sender(Sender.UNKNOWN)
                .html(
                    "<p>Hello</p><p>"
                        + address
                        + "</p><a href=\"https://acme.com/u\">Unsubscribe</a>")
                .text(null)
                .finding(Rule.POSTAL_ADDRESS))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Save 20 percent on all the way through May",
        "Order via our app, 2 taps",
        "Our Spring 2024 collection",
        "Call 555 0100 today"
      })
  void doesNotMistakeProseWithNumbersForAnAddress(String prose) {
    assertThat(
            Draft.clean()
                .sender(Sender.UNKNOWN)
                .html("<p>" + prose + "</p><a href=\"https://acme.com/u\">Unsubscribe</a>")
                .text(null)
                .finding(Rule.POSTAL_ADDRESS))
        .isPresent();
  }

  @Test
  void acceptsAddressInThePlainTextPartOnly() {
    assertThat(
            Draft.clean()
                .sender(Sender.UNKNOWN)
                .html("<p>Hello</p><a href=\"https://acme.com/u\">Unsubscribe</a>")
                .text("Hello\nAcme, 123 Main Street, Springfield")
                .finding(Rule.POSTAL_ADDRESS))
        .isEmpty();
  }

  @Test
  void onlyNotesAMissingAddressWhenTheSenderHasOneOnFile() {
    Finding finding =
        Draft.clean()
            .html("<p>Hello</p><a href=\"https://acme.com/u\">Unsubscribe</a>")
            .text(null)
            .sender(
                new Sender(
                    Optional.empty(), Optional.of("9 Elm Road, Leeds LS1 4AP"), Optional.empty()))
            .finding(Rule.POSTAL_ADDRESS)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.INFO);
    assertThat(finding.evidence()).contains("9 Elm Road, Leeds LS1 4AP");
  }
}
