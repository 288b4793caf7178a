package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegistrableDomainTest {

  @ParameterizedTest
  @CsvSource({
    "acme.com, acme.com",
    "news.mail.acme.com, acme.com",
    "ACME.COM., acme.com",
    "shop.acme.co.uk, acme.co.uk",
    "acme.co.uk, acme.co.uk",
    "a.b.acme.com.au, acme.com.au",
    "localhost, localhost",
    "192.168.0.1, 192.168.0.1"
  })
  void takesTheLabelsBelowThePublicSuffix(String host, String registrable) {
    assertThat(RegistrableDomain.of(host)).isEqualTo(registrable);
  }

  @ParameterizedTest
  @CsvSource({
    "shop-a.com.ng, shop-b.com.ng, shop-a.com.ng",
    "alice.github.io, bob.github.io, alice.github.io",
    "news.acme.co.uk, news.other.co.uk, acme.co.uk",
    "a.acme.com.br, a.other.com.br, acme.com.br",
    "x.acme.gov.in, x.other.gov.in, acme.gov.in",
    "one.acme.blogspot.com, two.other.blogspot.com, acme.blogspot.com"
  })
  void tellsApartSitesUnderEveryListedPublicSuffix(String host, String otherSite, String domain) {
    assertThat(RegistrableDomain.of(host)).isEqualTo(domain);
    assertThat(RegistrableDomain.of(otherSite)).isNotEqualTo(domain);
  }

  @ParameterizedTest
  @CsvSource({
    "co.uk, co.uk",
    "github.io, github.io",
    "com, com",
    "build.acme.internal, acme.internal",
    "a_b.acme.com, acme.com",
    "x..acme.com, acme.com",
    "[2001:db8::1], [2001:db8::1]"
  })
  void keepsPublicSuffixesIpLiteralsAndNamesTheListCannotPlaceAsBefore(
      String host, String registrable) {
    assertThat(RegistrableDomain.of(host)).isEqualTo(registrable);
  }

  @ParameterizedTest
  @CsvSource({
    "https://Shop.Acme.com/x?y=1#z, shop.acme.com",
    "http://user:pw@acme.com:8080/x, acme.com",
    "https://paypal.com@evil.example/login, evil.example",
    "//cdn.acme.com/a.png, cdn.acme.com",
    "www.acme.com/spring, www.acme.com",
    "HTTPS://ACME.COM, acme.com",
    "https://acme.com\\@evil.example, acme.com",
    "https://[2001:db8::1]:8080/x, [2001:db8::1]"
  })
  void findsTheHostOfAWebLink(String url, String host) {
    assertThat(RegistrableDomain.hostOf(url)).hasValue(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mailto:help@acme.com",
        "tel:+15550100",
        "javascript:alert(1)",
        "#top",
        "/relative/path",
        "{{ unsubscribe_url }}",
        "https://{{ domain }}/x",
        "https:acme.com",
        ""
      })
  void findsNoHostInLinksThatLeaveNoWebHost(String url) {
    assertThat(RegistrableDomain.hostOf(url)).isEmpty();
  }

  @Test
  void recognisesIpAddresses() {
    assertThat(RegistrableDomain.isIpAddress("10.0.0.1")).isTrue();
    assertThat(RegistrableDomain.isIpAddress("[::1]")).isTrue();
    assertThat(RegistrableDomain.isIpAddress("cdn1.acme.com")).isFalse();
  }
}
