package ai.maily.mesh.trust.cert;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.canon.MimeMessage;
import ai.maily.mesh.trust.testing.Certificates;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateHeaderTest {

  private final Certificates log = new Certificates();
  private final Certificate certificate = log.issue("c-7", Certificates.emailHash(), 6);

  @Test
  void roundTripsACertificate() throws Exception {
    assertThat(CertificateHeader.decode(CertificateHeader.encode(certificate)))
        .isEqualTo(certificate);
  }

  @Test
  void isBase64UrlOnOneLine() {
    assertThat(CertificateHeader.encode(certificate)).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void foldsTheFieldIntoShortLinesThatDecodeAgain() throws Exception {
    String field = CertificateHeader.field(certificate);

    assertThat(field).startsWith("Maily-Certificate: ");
    assertThat(field.split("\r\n"))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    assertThat(field.split("\r\n")).hasSizeGreaterThan(1);
    String value = field.substring(field.indexOf(':') + 1);
    assertThat(CertificateHeader.decode(value)).isEqualTo(certificate);
  }

  @Test
  void addsItsFieldOnTopOfAnEmailInTheEmailsLineEndings() throws Exception {
    String crlf = "From: news@acme.com\r\nSubject: Hi\r\n\r\nHello\r\n";
    String lf = crlf.replace("\r\n", "\n");

    String signedCrlf = new String(CertificateHeader.addTo(bytes(crlf), certificate), UTF_8);
    String signedLf = new String(CertificateHeader.addTo(bytes(lf), certificate), UTF_8);

    assertThat(signedCrlf).isEqualTo(CertificateHeader.field(certificate) + "\r\n" + crlf);
    assertThat(signedLf)
        .isEqualTo(CertificateHeader.field(certificate).replace("\r\n", "\n") + "\n" + lf);
    for (String signed : List.of(signedCrlf, signedLf)) {
      assertThat(CertificateHeader.in(MimeMessage.parse(bytes(signed)))).contains(certificate);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @Test
  void refusesAValueThatIsNotBase64Url() {
    assertThatThrownBy(() -> CertificateHeader.decode("abc+/def"))
        .isInstanceOf(MalformedCertificateException.class)
        .hasMessageStartingWith("Maily-Certificate: not base64url");
    assertThatThrownBy(() -> CertificateHeader.decode("AQ=="))
        .hasMessageStartingWith("Maily-Certificate: not canonical unpadded base64url");
  }

  @Test
  void refusesATruncatedOrPaddedHeaderNamingTheField() {
    byte[] bytes = Base64.getUrlDecoder().decode(CertificateHeader.encode(certificate));

    assertThatThrownBy(() -> CertificateHeader.decode(encode(Arrays.copyOf(bytes, 40))))
        .isInstanceOf(MalformedCertificateException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(
            () -> CertificateHeader.decode(encode(Arrays.copyOf(bytes, bytes.length + 2))))
        .hasMessageContaining("unexpected bytes after the last field");
    byte[] version = bytes.clone();
    version[0] = 2;
    assertThatThrownBy(() -> CertificateHeader.decode(encode(version)))
        .hasMessage("version: unknown header version 2");
  }

  @Test
  void aTamperedFieldStillDecodesButNoLongerMatchesItsLeaf() throws Exception {
    String value = CertificateHeader.encode(certificate);
    byte[] bytes = Base64.getUrlDecoder().decode(value);
    // The issuer "acme" sits after the id and subject; turn it into "acmf".
    int issuer = indexOf(bytes, "acme".getBytes());
    bytes[issuer + 3] = 'f';

    Certificate tampered = CertificateHeader.decode(encode(bytes));

    assertThat(tampered.issuer()).isEqualTo("acmf");
    assertThat(tampered.issuance().leafHash()).isNotEqualTo(certificate.leafHash());
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
