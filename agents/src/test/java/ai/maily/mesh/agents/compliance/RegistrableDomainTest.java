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

  @Test
  void treatsUnknownTwoLabelSuffixesLeniently() {
    assertThat(RegistrableDomain.of("shop-a.com.ng"))
        .isEqualTo(RegistrableDomain.of("shop-b.com.ng"));
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
