package ai.maily.mesh.node;

import static ai.maily.mesh.node.GrpcCalls.await;
import static ai.maily.mesh.node.GrpcCalls.codeOf;
import static ai.maily.mesh.node.GrpcCalls.statusOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.trust.v1.Certificate;
import ai.maily.mesh.grpc.trust.v1.CertificateStatus;
import ai.maily.mesh.grpc.trust.v1.CertifyRequest;
import ai.maily.mesh.grpc.trust.v1.Check;
import ai.maily.mesh.grpc.trust.v1.Content;
import ai.maily.mesh.grpc.trust.v1.Email;
import ai.maily.mesh.grpc.trust.v1.GetCertificateRequest;
import ai.maily.mesh.grpc.trust.v1.GetCheckpointRequest;
import ai.maily.mesh.grpc.trust.v1.InclusionProof;
import ai.maily.mesh.grpc.trust.v1.ProveInclusionRequest;
import ai.maily.mesh.grpc.trust.v1.Subject;
import ai.maily.mesh.grpc.trust.v1.TrustServiceClient;
import ai.maily.mesh.grpc.trust.v1.VerificationReport;
import ai.maily.mesh.grpc.trust.v1.VerifyRequest;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.proof.Proofs;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gRPC TrustService of a running node, through the generated Java client. */
class TrustGrpcIT {

  private static TestNode node;
  private static TrustServiceClient client;
  private static String editor;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    editor = "Bearer " + node.token("acme", Role.EDITOR);
    client = TrustServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterAll
  static void stop() {
    client.close();
    node.close();
  }

  private static final Content EMAIL =
      Content.newBuilder()
          .setEmail(
              Email.newBuilder()
                  .setFrom("Acme Outdoor <news@acme.com>")
                  .setSubject("Your trail guide")
                  .setText("Hi Dana, spring is here."))
          .build();

  private static Certificate certify(String id) throws Exception {
    return await(
        client
            .certify()
            .addHeader("authorization", editor)
            .invoke(
                CertifyRequest.newBuilder()
                    .setSubject(Subject.newBuilder().setType("campaign").setId(id))
                    .setContent(EMAIL)
                    .build()));
  }

  @Test
  void certifiesAndProvesTheCertificateAgainstTheSignedCheckpoint() throws Exception {
    Certificate certificate = certify("spring-1");
    assertThat(certificate.getHeader()).isNotBlank();

    NoteVerifier verifier = NoteVerifier.parse(node.get("/trust/public-key", "").body().strip());
    String note = await(client.getCheckpoint(GetCheckpointRequest.getDefaultInstance())).getNote();
    Checkpoint checkpoint = Checkpoint.parseVerified(note, List.of(verifier));
    InclusionProof proof =
        await(
            client.proveInclusion(
                ProveInclusionRequest.newBuilder()
                    .setIndex(certificate.getLeafIndex())
                    .setSize(checkpoint.size())
                    .build()));
    Proofs.verifyInclusion(
        certificate.getLeafIndex(),
        checkpoint.size(),
        certificate.getLeafHash().toByteArray(),
        proof.getHashesList().stream().map(ByteString::toByteArray).toList(),
        checkpoint.root().bytes());

    CertificateStatus status =
        await(
            client.getCertificate(
                GetCertificateRequest.newBuilder()
                    .setCertificateId(certificate.getCertificateId())
                    .build()));
    assertThat(status.hasRevocation()).isFalse();
    assertThat(status.getCertificate().getContentHash()).isEqualTo(certificate.getContentHash());
  }

  @Test
  void verifiesContentAgainstACertificateCheckByCheck() throws Exception {
    Certificate certificate = certify("spring-2");

    VerificationReport report =
        await(
            client.verify(
                VerifyRequest.newBuilder().setContent(EMAIL).setCertificate(certificate).build()));

    assertThat(report.getVerdict()).isEqualTo("VERIFIED");
    assertThat(report.getChecksList())
        .extracting(Check::getName)
        .containsExactlyInAnyOrder(
            "content-hash", "checkpoint-signature", "inclusion", "consistency", "revocation");
    assertThat(report.getChecksList()).extracting(Check::getStatus).containsOnly("PASS");
  }

  @Test
  void badInputIsInvalidArgumentAndCertifyNeedsAToken() throws Exception {
    Certificate certificate = certify("spring-3");
    Certificate shortHash =
        certificate.toBuilder().setContentHash(ByteString.copyFrom(new byte[31])).build();

    assertThatThrownBy(
            () ->
                await(
                    client.verify(
                        VerifyRequest.newBuilder()
                            .setContent(EMAIL)
                            .setCertificate(shortHash)
                            .build())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("contentHash");
    assertThatThrownBy(
            () ->
                await(
                    client.proveInclusion(
                        ProveInclusionRequest.newBuilder().setIndex(1_000_000).setSize(1).build())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(
            () ->
                await(
                    client.certify(
                        CertifyRequest.newBuilder()
                            .setSubject(Subject.newBuilder().setType("email").setId("x"))
                            .setContent(EMAIL)
                            .build())))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void theLogsRefusalsAreTheStatusesOfTheirProblemType() {
    assertThatThrownBy(
            () ->
                await(
                    client.getCertificate(
                        GetCertificateRequest.newBuilder().setCertificateId("missing").build())))
        .satisfies(
            e -> {
              assertThat(codeOf(e)).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(statusOf(e).getStatus().getDescription())
                  .isEqualTo("[urn:maily:problem:not-found] certificate missing is not in the log");
            });
    assertThatThrownBy(
            () ->
                await(
                    client.proveInclusion(
                        ProveInclusionRequest.newBuilder()
                            .setIndex(0)
                            .setSize(Long.MAX_VALUE)
                            .build())))
        .satisfies(
            e -> {
              assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(statusOf(e).getStatus().getDescription())
                  .startsWith(
                      "[urn:maily:problem:invalid-request] size "
                          + Long.MAX_VALUE
                          + " is outside [1, ");
            });
  }

  private static CompletionStage<Certificate> certifyRaw(String id, byte[] rawEmail) {
    return client
        .certify()
        .addHeader("authorization", editor)
        .invoke(
            CertifyRequest.newBuilder()
                .setSubject(Subject.newBuilder().setType("email").setId(id))
                .setContent(Content.newBuilder().setRawEmail(ByteString.copyFrom(rawEmail)))
                .build());
  }

  @Test
  void aRawEmailThatEncodesAnUnpairedSurrogateIsInvalidArgument() {
    // ED A0 BD would be a lone U+D83D, which UTF-8 has no encoding for.
    byte[] raw = "From: news@acme.com\r\nSubject: Sale \u0000\r\n\r\nHi\r\n".getBytes(UTF_8);
    int at = new String(raw, UTF_8).indexOf('\u0000');
    byte[] lone = new byte[raw.length + 2];
    System.arraycopy(raw, 0, lone, 0, at);
    System.arraycopy(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD}, 0, lone, at, 3);
    System.arraycopy(raw, at + 1, lone, at + 3, raw.length - at - 1);

    assertThatThrownBy(() -> await(certifyRaw("lone", lone)))
        .satisfies(e -> assertThat(codeOf(e)).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void certifyReadsRawEmailsUpToTheEmailBodyLimit() throws Exception {
    // Over the task messages' 1 MiB, within the 6 MiB of emails.
    String body = "Hi Dana,\r\n".repeat(150_000);
    byte[] raw = ("From: news@acme.com\r\nSubject: Long\r\n\r\n" + body).getBytes(UTF_8);
    byte[] tooLarge = new byte[7 * 1024 * 1024];

    assertThat(await(certifyRaw("long", raw)).getCertificateId()).isNotEmpty();
    assertThatThrownBy(() -> await(certifyRaw("too-large", tooLarge)))
        .satisfies(
            e -> assertThat(codeOf(e)).isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED));
  }
}
