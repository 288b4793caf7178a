package ai.maily.mesh.trust.page;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.verify.CertificateVerifier;
import ai.maily.mesh.trust.verify.LogEvidence;
import ai.maily.mesh.trust.verify.VerificationReport;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class VerificationPageTest {

  private static final String URL = "https://mesh.example.com/verify/c-1";

  private final Certificates log = new Certificates();
  private final Certificate certificate = log.issue("c-1", Certificates.emailHash(), 2);
  private final VerificationReport report =
      new CertificateVerifier(log.signer.verifier())
          .verify(certificate, Optional.of(Certificates.emailHash()), LogEvidence.offline());

  static String decodeQr(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels =
        image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(
                new HybridBinarizer(
                    new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels))))
        .getText();
  }

  @Test
  void showsEachCheckInWordsWithItsColour() {
    String html =
        VerificationPage.render(
            new VerificationPage.View("c-1", URL, Optional.of(report), Optional.empty()));

    assertThat(html)
        .contains("The email matches what was certified")
        .contains("The log signed the checkpoint")
        .contains("The certificate is recorded in the log")
        .contains("The log has not rewritten history since")
        .contains("The certificate has not been revoked")
        .contains("<li class=\"pass\"><span class=\"badge pass\">passed</span>")
        .contains("<li class=\"unknown\"><span class=\"badge unknown\">couldn&#39;t check</span>")
        .contains("Not fully checked")
        .contains("email spring-guide")
        .doesNotContain("<script")
        .doesNotContain("http://")
        .contains("<textarea id=\"email\" name=\"email\"");
  }

  @Test
  void embedsAQrCodeThatLinksToThePage() throws Exception {
    String html =
        VerificationPage.render(
            new VerificationPage.View("c-1", URL, Optional.empty(), Optional.empty()));
    Matcher png = Pattern.compile("data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);

    assertThat(png.find()).isTrue();
    assertThat(decodeQr(Base64.getDecoder().decode(png.group(1)))).isEqualTo(URL);
  }

  @Test
  void escapesEverythingThatComesFromOutside() {
    String html =
        VerificationPage.render(
            new VerificationPage.View(
                "<script>alert(1)</script>",
                "https://x/\"><script>",
                Optional.empty(),
                Optional.of(
                    new VerificationPage.Notice(VerificationPage.Tone.PROBLEM, "<b>bad</b>"))));

    assertThat(html)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&lt;b&gt;bad&lt;/b&gt;")
        .contains("https://x/&quot;&gt;&lt;script&gt;");
  }

  @Test
  void saysCouldntCheckInGreyNotRed() {
    String html =
        VerificationPage.render(
            new VerificationPage.View(
                "c-1",
                URL,
                Optional.empty(),
                Optional.of(
                    new VerificationPage.Notice(
                        VerificationPage.Tone.INFO,
                        "Couldn't check this certificate right now."))));

    assertThat(html)
        .contains("<p class=\"notice unknown\">Couldn&#39;t check this certificate right now.</p>");
  }

  @Test
  void drawsAValidPngOfTheRequestedSize() throws Exception {
    byte[] png = QrCode.png(URL, 300);

    assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(300);
    assertThat(decodeQr(png)).isEqualTo(URL);
  }
}
