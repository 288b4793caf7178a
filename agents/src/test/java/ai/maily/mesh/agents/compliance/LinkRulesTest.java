package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkRulesTest {

  private static Draft withLink(String href, String text) {
    return Draft.clean().htmlBody("<p>Please read <a href=\"" + href + "\">" + text + "</a>.</p>");
  }

  @Test
  void flagsLinkTextNamingAnotherDomain() {
    Finding finding =
        withLink("https://evil.example/login", "paypal.com")
            .finding(Rule.LINK_TEXT_DOMAIN_MISMATCH)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(finding.evidence()).contains("\"paypal.com\" → https://evil.example/login");
  }

  @ParameterizedTest
  @CsvSource({
    "https://paypal.com@evil.example/login, paypal.com",
    "https://evil.example, https://www.paypal.com/signin",
    "https://evil.example, Log in at www.paypal.com",
    "https://evil.co.uk, acme.co.uk",
    "https://accounts.evil.example, Visit acme.shop today"
  })
  void flagsEveryDisguiseOfAnotherDomain(String href, String text) {
    assertThat(withLink(href, text).finding(Rule.LINK_TEXT_DOMAIN_MISMATCH)).isPresent();
  }

  @ParameterizedTest
  @CsvSource({
    "https://acme.com/guides, acme.com",
    "https://shop.acme.com/x, www.acme.com",
    "https://acme.com, https://news.acme.com/spring",
    "https://acme.co.uk, shop.acme.co.uk",
    "https://acme.com/tips, Tips for Node.js and e.g. v1.2 users",
    "https://acme.com/contact, Write to help@partner.com",
    "mailto:help@acme.com, partner.com",
    "{{ tracking_url }}, partner.com"
  })
  void acceptsLinkTextThatMatchesOrNamesNoDomain(String href, String text) {
    assertThat(withLink(href, text).finding(Rule.LINK_TEXT_DOMAIN_MISMATCH)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "www.bit.ly"
      })
  void flagsPublicUrlShorteners(String host) {
    Finding finding =
        withLink("https://" + host + "/3xYz", "our guide")
            .finding(Rule.URL_SHORTENER)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.evidence()).contains("https://" + host + "/3xYz");
  }

  @Test
  void flagsShortenersInThePlainTextPart() {
    assertThat(
            Draft.clean()
                .text(Draft.CLEAN_TEXT + "\nMore: https://tinyurl.com/abc.")
                .finding(Rule.URL_SHORTENER)
                .flatMap(Finding::evidence))
        .hasValue("https://tinyurl.com/abc");
  }

  @Test
  void doesNotMistakeLookalikeHostsForShorteners() {
    assertThat(withLink("https://notbit.ly/x", "our guide").finding(Rule.URL_SHORTENER)).isEmpty();
    assertThat(withLink("https://acme.com/bit.ly", "our guide").finding(Rule.URL_SHORTENER))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://192.168.10.1/login", "http://[2001:db8::1]:8080/x"})
  void flagsLinksToBareIpAddresses(String href) {
    assertThat(withLink(href, "sign in").finding(Rule.IP_ADDRESS_LINK))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.ERROR);
  }

  @Test
  void acceptsHostNamesWithDigits() {
    assertThat(withLink("https://cdn1.acme.com/x", "sign in").finding(Rule.IP_ADDRESS_LINK))
        .isEmpty();
  }

  @Test
  void warnsOnPlainHttpLinks() {
    Finding finding =
        withLink("http://acme.com/guides", "our guide").finding(Rule.INSECURE_LINK).orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.evidence()).contains("http://acme.com/guides");
  }

  @Test
  void acceptsHttpsMailtoAndTelLinks() {
    assertThat(
            Draft.clean()
                .htmlBody(
                    "<p><a href=\"mailto:help@acme.com\">Mail us</a> or"
                        + " <a href=\"tel:+15550100\">call</a>.</p>")
                .finding(Rule.INSECURE_LINK))
        .isEmpty();
  }
}
