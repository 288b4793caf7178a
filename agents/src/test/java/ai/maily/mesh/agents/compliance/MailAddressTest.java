package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MailAddressTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Acme Outdoor <news@acme.com>|Acme Outdoor|news@acme.com",
        "\"Acme, Inc.\" <news@acme.com>|Acme, Inc.|news@acme.com",
        "  <news@acme.com>  ||news@acme.com",
        "news@acme.com||news@acme.com",
        "Bo <first.last+tag@mail.acme.co.uk>|Bo|first.last+tag@mail.acme.co.uk"
      })
  void parsesMailboxes(String header, String name, String address) {
    assertThat(MailAddress.parse(header))
        .hasValue(new MailAddress(name == null ? "" : name, address));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Acme",
        "news@",
        "@acme.com",
        "news@acme",
        "news@@acme.com",
        "news at acme.com",
        "Acme <news@acme.com",
        "a..b@acme.com",
        "news@-acme.com",
        "a@b.c"
      })
  void rejectsWhatIsNotOneValidMailbox(String header) {
    assertThat(MailAddress.parse(header)).isEmpty();
  }

  @Test
  void exposesLowerCaseDomainAndLocalPart() {
    MailAddress address = MailAddress.parse("No-Reply@News.ACME.com").orElseThrow();

    assertThat(address.domain()).isEqualTo("news.acme.com");
    assertThat(address.localPart()).isEqualTo("no-reply");
  }
}
