package ai.maily.mesh.trust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteSigner;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.testing.Certificates;
import ai.maily.mesh.trust.testing.TrustTestConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CertificateVerifierTest {

  private final Certificates log = new Certificates();
  private final CertificateVerifier verifier = new CertificateVerifier(log.signer.verifier());
  private final Certificate certificate = log.issue("c-1", Certificates.emailHash(), 4);

  private LogEvidence answered(Optional<LogEntry.Revocation> revocation) {
    long size1 = certificate.inclusionProof().treeSize();
    String newest = log.grow(9);
    return new LogEvidence.Answered(newest, log.consistency(size1, log.size()), true, revocation);
  }

  private static CheckStatus status(VerificationReport report, String check) {
    return report.check(check).orElseThrow().status();
  }

  @Test
  void passesEveryCheckForAnUntouchedCertificate() {
    VerificationReport report =
        verifier.verify(
            certificate, Optional.of(Certificates.emailHash()), answered(Optional.empty()));

    assertThat(report.checks())
        .extracting(Check::name)
        .containsExactly(
            Check.CONTENT_HASH,
            Check.CHECKPOINT_SIGNATURE,
            Check.INCLUSION,
            Check.CONSISTENCY,
            Check.REVOCATION);
    assertThat(report.checks())
        .allSatisfy(c -> assertThat(c.status()).as(c.detail()).isEqualTo(CheckStatus.PASS));
    assertThat(report.verdict()).isEqualTo(Verdict.VERIFIED);
  }

  @Test
  void failsOnlyTheContentCheckWhenTheEmailChanged() {
    Hash other = Hash.of(new byte[32]);

    VerificationReport report =
        verifier.verify(certificate, Optional.of(other), answered(Optional.empty()));

    assertThat(status(report, Check.CONTENT_HASH)).isEqualTo(CheckStatus.FAIL);
    assertThat(report.check(Check.CONTENT_HASH).orElseThrow().detail()).contains("has changed");
    assertThat(status(report, Check.INCLUSION)).isEqualTo(CheckStatus.PASS);
    assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void cannotCheckTheContentWhenNoneIsGiven() {
    VerificationReport report =
        verifier.verify(certificate, Optional.empty(), answered(Optional.empty()));

    assertThat(status(report, Check.CONTENT_HASH)).isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
  }

  @Test
  void failsTheSignatureCheckForACheckpointSignedByAnotherKey() {
    NoteSigner impostor = NoteSigner.generate(TrustTestConfig.ORIGIN);
    Checkpoint claimed =
        new Checkpoint(
            TrustTestConfig.ORIGIN, certificate.inclusionProof().treeSize(), rootOf(certificate));
    Certificate forged = withCheckpoint(certificate, claimed.sign(impostor).serialize());

    VerificationReport report =
        verifier.verify(forged, Optional.of(Certificates.emailHash()), LogEvidence.offline());

    assertThat(status(report, Check.CHECKPOINT_SIGNATURE)).isEqualTo(CheckStatus.FAIL);
    assertThat(status(report, Check.INCLUSION)).isEqualTo(CheckStatus.PASS);
  }

  @Test
  void failsInclusionWhenAFieldOrAProofHashWasChanged() {
    Certificate otherIssuer =
        new Certificate(
            certificate.certificateId(),
            certificate.subject(),
            "mallory",
            certificate.contentHash(),
            certificate.leafIndex(),
            certificate.leafHash(),
            certificate.issuedAt(),
            certificate.checkpoint(),
            certificate.inclusionProof());
    List<Hash> hashes = new ArrayList<>(certificate.inclusionProof().hashes());
    hashes.set(0, Hash.of(new byte[32]));
    Certificate badProof =
        withProof(
            certificate,
            new InclusionProof(
                certificate.leafIndex(), certificate.inclusionProof().treeSize(), hashes));
    Certificate shortProof =
        withProof(
            certificate,
            new InclusionProof(
                certificate.leafIndex(),
                certificate.inclusionProof().treeSize(),
                hashes.subList(1, hashes.size())));

    assertThat(
            verifier
                .verify(otherIssuer, Optional.empty(), LogEvidence.offline())
                .check(Check.INCLUSION)
                .orElseThrow()
                .detail())
        .contains("a field was changed");
    assertThat(
            verifier
                .verify(badProof, Optional.empty(), LogEvidence.offline())
                .check(Check.INCLUSION)
                .orElseThrow()
                .detail())
        .contains("the proof leads to root");
    assertThat(
            verifier
                .verify(shortProof, Optional.empty(), LogEvidence.offline())
                .check(Check.INCLUSION)
                .orElseThrow()
                .detail())
        .contains("must have");
  }

  @Test
  void cannotCheckConsistencyOrRevocationWhenTheLogIsUnreachable() {
    VerificationReport report =
        verifier.verify(
            certificate,
            Optional.of(Certificates.emailHash()),
            new LogEvidence.Unavailable("the log did not answer within 5s"));

    assertThat(status(report, Check.CONSISTENCY)).isEqualTo(CheckStatus.UNKNOWN);
    assertThat(status(report, Check.REVOCATION)).isEqualTo(CheckStatus.UNKNOWN);
    assertThat(report.check(Check.REVOCATION).orElseThrow().detail())
        .isEqualTo("couldn't check: the log did not answer within 5s.");
    assertThat(report.verdict()).isEqualTo(Verdict.INCOMPLETE);
  }

  @Test
  void failsConsistencyWhenTheLogsNewestCheckpointDoesNotExtendTheCertificates() {
    Certificates fork = new Certificates();
    String forkedNewest =
        new Checkpoint(
                TrustTestConfig.ORIGIN,
                20,
                fork.issue("x", Hash.of(new byte[32]), 19).inclusionProof().hashes().get(0))
            .sign(log.signer)
            .serialize();
    long size1 = certificate.inclusionProof().treeSize();
    log.grow(15);
    LogEvidence evidence =
        new LogEvidence.Answered(forkedNewest, log.consistency(size1, 20), true, Optional.empty());

    VerificationReport report = verifier.verify(certificate, Optional.empty(), evidence);

    assertThat(status(report, Check.CONSISTENCY)).isEqualTo(CheckStatus.FAIL);
    assertThat(report.check(Check.CONSISTENCY).orElseThrow().detail()).contains("does not extend");
  }

  @Test
  void failsConsistencyWhenTheCertificateIsAheadOfTheLog() {
    String newest =
        new Checkpoint(TrustTestConfig.ORIGIN, 1, Hash.of(new byte[32]))
            .sign(log.signer)
            .serialize();
    LogEvidence evidence =
        new LogEvidence.Answered(
            newest, new ConsistencyProof(5, 1, List.of()), true, Optional.empty());

    assertThat(
            verifier
                .verify(certificate, Optional.empty(), evidence)
                .check(Check.CONSISTENCY)
                .orElseThrow()
                .detail())
        .contains("is ahead of the log's newest");
  }

  @Test
  void failsTheRevocationCheckForARevokedOrUnlistedCertificate() {
    LogEntry.Revocation revocation =
        new LogEntry.Revocation(
            "c-1", "sent to the wrong list", "acme", Instant.parse("2026-11-26T00:00:00Z"));

    VerificationReport revoked =
        verifier.verify(certificate, Optional.empty(), answered(Optional.of(revocation)));
    VerificationReport unlisted =
        verifier.verify(
            certificate,
            Optional.empty(),
            new LogEvidence.Answered(
                certificate.checkpoint(),
                new ConsistencyProof(5, 5, List.of()),
                false,
                Optional.empty()));

    assertThat(revoked.check(Check.REVOCATION).orElseThrow())
        .satisfies(c -> assertThat(c.status()).isEqualTo(CheckStatus.FAIL))
        .satisfies(c -> assertThat(c.detail()).contains("sent to the wrong list"));
    assertThat(status(unlisted, Check.REVOCATION)).isEqualTo(CheckStatus.FAIL);
    assertThat(status(unlisted, Check.CONSISTENCY)).isEqualTo(CheckStatus.PASS);
  }

  private static Hash rootOf(Certificate certificate) {
    try {
      return Checkpoint.parse(
              certificate.checkpoint().substring(0, certificate.checkpoint().indexOf("\n\n") + 1))
          .root();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Certificate withCheckpoint(Certificate c, String checkpoint) {
    return new Certificate(
        c.certificateId(),
        c.subject(),
        c.issuer(),
        c.contentHash(),
        c.leafIndex(),
        c.leafHash(),
        c.issuedAt(),
        checkpoint,
        c.inclusionProof());
  }

  private static Certificate withProof(Certificate c, InclusionProof proof) {
    return new Certificate(
        c.certificateId(),
        c.subject(),
        c.issuer(),
        c.contentHash(),
        c.leafIndex(),
        c.leafHash(),
        c.issuedAt(),
        c.checkpoint(),
        proof);
  }
}
