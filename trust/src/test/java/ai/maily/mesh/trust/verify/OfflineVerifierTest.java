package ai.maily.mesh.trust.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.testing.Certificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OfflineVerifierTest {

  private final Certificates log = new Certificates();
  private final Certificate certificate = log.issue("spring-1", Certificates.emailHash(), 11);
  private final OfflineVerifier verifier =
      OfflineVerifier.forKey(log.signer.verifier().verifierKey());

  /** The email as it arrives: a relay added headers, the certificate header sits on top. */
  private String received(String email) {
    return "Received: from relay.example.net; Tue, 25 Nov 2026 10:00:01 +0000\r\n"
        + CertificateHeader.field(certificate)
        + "\r\n"
        + email;
  }

  @Test
  void verifiesAGeneratedEmlFileEndToEndWithOnlyTheKey(@TempDir Path dir) throws Exception {
    Path eml = dir.resolve("spring.eml");
    Files.writeString(eml, received(Certificates.EMAIL), StandardCharsets.UTF_8);

    VerificationReport report = verifier.verify(eml);

    assertThat(report.check(Check.CONTENT_HASH).orElseThrow().status()).isEqualTo(CheckStatus.PASS);
    assertThat(report.check(Check.CHECKPOINT_SIGNATURE).orElseThrow().status())
        .isEqualTo(CheckStatus.PASS);
    assertThat(report.check(Check.INCLUSION).orElseThrow().status()).isEqualTo(CheckStatus.PASS);
    assertThat(report.check(Check.CONSISTENCY).orElseThrow().status())
        .isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.check(Check.REVOCATION).orElseThrow().status())
        .isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
    assertThat(report.describe())
        .contains("content-hash", "passed", "couldn't check", "verdict: INCOMPLETE");
  }

  @Test
  void reportsAnEditedBodyAsAFailedContentCheck() {
    String edited = received(Certificates.EMAIL.replace("Spring is here.", "Send your password."));

    VerificationReport report = verifier.verify(edited.getBytes(StandardCharsets.UTF_8));

    assertThat(report.check(Check.CONTENT_HASH).orElseThrow().status()).isEqualTo(CheckStatus.FAIL);
    assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void reportsATamperedHeaderAsAFailedInclusionCheck() {
    String value = CertificateHeader.encode(certificate);
    // Flip one character inside the checkpoint-free part of the value (the content hash region).
    char[] chars = value.toCharArray();
    int at = 60;
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    String email = CertificateHeader.NAME + ": " + new String(chars) + "\r\n" + Certificates.EMAIL;

    VerificationReport report = verifier.verify(email.getBytes(StandardCharsets.UTF_8));

    assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
    assertThat(report.checks()).anySatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.FAIL));
  }

  @Test
  void refusesAnEmailWithoutACertificateOrWithAMalformedOne() {
    assertThatThrownBy(() -> verifier.verify(Certificates.EMAIL.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("carries no Maily-Certificate header");
    byte[] garbled =
        ("Maily-Certificate: AQID\r\n" + Certificates.EMAIL).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> verifier.verify(garbled))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("Maily-Certificate header is malformed: certificateId: truncated");
  }

  @Test
  void refusesAMalformedVerifierKey() {
    assertThatThrownBy(() -> OfflineVerifier.forKey("not-a-key"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("verifier key is malformed");
  }
}
