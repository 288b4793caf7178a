package ai.maily.mesh.trust.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.log.TrustLog;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.testing.RunningLog;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import ai.maily.mesh.trust.verify.Check;
import ai.maily.mesh.trust.verify.CheckStatus;
import ai.maily.mesh.trust.verify.Verdict;
import ai.maily.mesh.trust.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrustServiceTest {

  private static final ActorTestKit testKit = ActorTestKit.create(TrustTestConfig.create());
  private static final Subject SUBJECT = new Subject(SubjectType.CAMPAIGN, "spring");

  private final RunningLog running = new RunningLog(testKit);
  private final TrustService service = running.service;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void stop() {
    running.close();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ProblemException problem(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ProblemException.class);
      return (ProblemException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }

  private Certificate certifyEmail() {
    return await(service.certify("acme", SUBJECT, Certificates.structuredEmail()));
  }

  private static byte[] sent(Certificate certificate) {
    return (CertificateHeader.field(certificate) + "\r\n" + Certificates.EMAIL)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void certifiesContentSoThatTheSentEmailVerifies() {
    Certificate certificate = certifyEmail();

    VerificationReport report =
        await(service.verify(VerificationRequest.ofEmail(sent(certificate))));

    assertThat(certificate.contentHash()).isEqualTo(Certificates.emailHash());
    assertThat(report.checks())
        .allSatisfy(c -> assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS));
    assertThat(report.verdict()).isEqualTo(Verdict.VERIFIED);
  }

  @Test
  void looksUpACertificateProvenAgainstTheNewestCheckpoint() throws Exception {
    Certificate first = certifyEmail();
    certifyEmail();

    CertificateStatus status = await(service.certificate(first.certificateId()));

    assertThat(status.certificate().leafIndex()).isEqualTo(first.leafIndex());
    assertThat(status.certificate().inclusionProof().treeSize()).isEqualTo(2);
    assertThat(status.revocation()).isEmpty();
    Checkpoint newest =
        Checkpoint.parseVerified(await(service.checkpoint()), List.of(running.signer.verifier()));
    assertThat(newest.size()).isEqualTo(2);
  }

  @Test
  void onlyTheIssuerMayRevokeAndOnlyOnce() {
    Certificate certificate = certifyEmail();

    assertThat(
            problem(service.revoke("globex", certificate.certificateId(), "nope")).problem().type())
        .isEqualTo(ProblemType.NOT_FOUND);
    Revoked revoked = await(service.revoke("acme", certificate.certificateId(), "wrong list"));
    ProblemException again = problem(service.revoke("acme", certificate.certificateId(), "again"));

    assertThat(revoked.leafIndex()).isEqualTo(1);
    assertThat(again.problem().type()).isEqualTo(ProblemType.CONFLICT);
    VerificationReport report =
        await(service.verify(VerificationRequest.ofEmail(sent(certificate))));
    assertThat(report.check(Check.REVOCATION).orElseThrow().status()).isEqualTo(CheckStatus.FAIL);
    assertThat(await(service.certificate(certificate.certificateId())).revocation()).isPresent();
  }

  @Test
  void refusesBadInputNamingTheProblemAndAppendsNothing() {
    certifyEmail();
    byte[] huge = new byte[3 * 1024 * 1024];

    assertThat(
            problem(service.certify("acme", SUBJECT, new Content.RawEmail(huge))).problem().type())
        .isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    assertThat(problem(service.certify("", SUBJECT, Certificates.structuredEmail())).getMessage())
        .contains("issuer must have 1 to 128 characters");
    assertThat(problem(service.inclusionProof(5, 1)).getMessage())
        .isEqualTo("invalid-request: index 5 is outside [0, 1)");
    assertThat(problem(service.consistencyProof(1, 9)).problem().type())
        .isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(problem(service.leaves(0, 5000)).getMessage()).contains("end=5000");
    assertThat(problem(service.certificate("no such id")).problem().type())
        .isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(problem(service.certificate("missing")).problem().type())
        .isEqualTo(ProblemType.NOT_FOUND);
    assertThat(await(service.leaves(0, 1)).end()).isEqualTo(1);
  }

  @Test
  void servesProofsThatVerify() throws Exception {
    Certificate first = certifyEmail();
    certifyEmail();
    certifyEmail();

    var inclusion = await(service.inclusionProof(first.leafIndex(), 3));
    var consistency = await(service.consistencyProof(1, 3));
    Checkpoint newest =
        Checkpoint.parseVerified(await(service.checkpoint()), List.of(running.signer.verifier()));

    inclusion.verify(first.leafHash(), newest.root());
    Checkpoint old =
        Checkpoint.parseVerified(first.checkpoint(), List.of(running.signer.verifier()));
    consistency.verify(old.root(), newest.root());
    assertThat(service.publicKey()).isEqualTo(running.signer.verifier().verifierKey());
  }

  @Test
  void saysCouldntCheckWhenTheLogDoesNotAnswer() {
    Certificate certificate = certifyEmail();
    TrustService cutOff =
        new TrustService(
            testKit.system(),
            testKit.<TrustLog.Command>createTestProbe().ref(),
            running.signer.verifier(),
            Duration.ofMillis(200),
            Clock.systemUTC(),
            testKit
                .system()
                .dispatchers()
                .lookup(DispatcherSelector.fromConfig("mesh.trust.dispatcher")));

    VerificationReport report =
        await(
            cutOff.verify(
                VerificationRequest.of(new Content.RawEmail(sent(certificate)), certificate)));

    assertThat(report.check(Check.CONTENT_HASH).orElseThrow().status()).isEqualTo(CheckStatus.PASS);
    assertThat(report.check(Check.INCLUSION).orElseThrow().status()).isEqualTo(CheckStatus.PASS);
    assertThat(report.check(Check.CONSISTENCY).orElseThrow().status())
        .isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.check(Check.REVOCATION).orElseThrow().status())
        .isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
    TrustService.Page page =
        await(
            cutOff.page(
                certificate.certificateId(),
                "https://x/verify/" + certificate.certificateId(),
                Optional.empty()));
    assertThat(page.rejection()).map(Rejection::type).contains(ProblemType.UNAVAILABLE);
    assertThat(page.html())
        .contains("Couldn&#39;t check this certificate right now")
        .doesNotContain("class=\"notice fail\"");
  }

  @Test
  void rendersThePageForACertificateAPastedEmailAndAnUnknownId() {
    Certificate certificate = certifyEmail();
    String url = "https://mesh.example.com/verify/" + certificate.certificateId();

    TrustService.Page plain =
        await(service.page(certificate.certificateId(), url, Optional.empty()));
    TrustService.Page pasted =
        await(service.page(certificate.certificateId(), url, Optional.of(sent(certificate))));
    TrustService.Page garbage =
        await(
            service.page(
                certificate.certificateId(),
                url,
                Optional.of("no headers".getBytes(StandardCharsets.UTF_8))));
    TrustService.Page unknown = await(service.page("missing", url, Optional.empty()));

    assertThat(plain.rejection()).isEmpty();
    assertThat(plain.html()).contains("badge unknown").contains("no email or content was given");
    assertThat(pasted.html()).contains("Verified: every check passed.");
    assertThat(garbage.rejection()).map(Rejection::type).contains(ProblemType.INVALID_REQUEST);
    assertThat(garbage.html()).contains("The pasted email could not be read");
    assertThat(unknown.rejection())
        .contains(new Rejection(ProblemType.NOT_FOUND, "certificate missing is not in the log"));
  }

  @Test
  void mapsCertificatesToAndFromTheApiShape() {
    Certificate certificate = certifyEmail();

    var json = TrustJson.certificate(certificate);

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "certificateId",
            "subject",
            "issuer",
            "contentHash",
            "leafIndex",
            "leafHash",
            "issuedAt",
            "checkpoint",
            "inclusionProof");
    assertThat(TrustJson.certificate(json, "certificate")).isEqualTo(certificate);
    json.withObject("inclusionProof").withArray("hashes").add("AAAA");
    assertThatThrownBy(() -> TrustJson.certificate(json, "certificate"))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining(
            "certificate.inclusionProof.hashes[0] must be 32 bytes but is 3 bytes");
  }
}
