package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Authenticator;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.grpc.trust.v1.CertificateStatus;
import ai.maily.mesh.grpc.trust.v1.CertifyRequest;
import ai.maily.mesh.grpc.trust.v1.Check;
import ai.maily.mesh.grpc.trust.v1.ConsistencyProof;
import ai.maily.mesh.grpc.trust.v1.Content;
import ai.maily.mesh.grpc.trust.v1.GetCertificateRequest;
import ai.maily.mesh.grpc.trust.v1.GetCheckpointRequest;
import ai.maily.mesh.grpc.trust.v1.InclusionProof;
import ai.maily.mesh.grpc.trust.v1.ProveConsistencyRequest;
import ai.maily.mesh.grpc.trust.v1.ProveInclusionRequest;
import ai.maily.mesh.grpc.trust.v1.Revocation;
import ai.maily.mesh.grpc.trust.v1.SignedCheckpoint;
import ai.maily.mesh.grpc.trust.v1.Subject;
import ai.maily.mesh.grpc.trust.v1.TrustServicePowerApi;
import ai.maily.mesh.grpc.trust.v1.VerificationReport;
import ai.maily.mesh.grpc.trust.v1.VerifyRequest;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.service.TrustJson;
import ai.maily.mesh.trust.service.TrustService;
import ai.maily.mesh.trust.service.VerificationRequest;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.grpc.javadsl.Metadata;

/**
 * The gRPC {@code TrustService}: the REST trust API's operations, through the same {@link
 * TrustService}. Client messages are read through {@link TrustJson}, so both protocols validate
 * identically (hashes of 32 bytes, known subject types, one kind of content).
 */
public final class TrustGrpcService implements TrustServicePowerApi {

  private final TrustService trust;
  private final Authenticator authenticator;

  public TrustGrpcService(TrustService trust, Authenticator authenticator) {
    this.trust = trust;
    this.authenticator = authenticator;
  }

  @Override
  public CompletionStage<ai.maily.mesh.grpc.trust.v1.Certificate> certify(
      CertifyRequest in, Metadata metadata) {
    return GrpcProblems.reported(
        authenticator
            .authenticate(metadata.getText("authorization"))
            .thenCompose(
                caller -> {
                  caller.require(Role.EDITOR);
                  ObjectNode subject =
                      Json.MAPPER
                          .createObjectNode()
                          .put("type", in.getSubject().getType())
                          .put("id", in.getSubject().getId());
                  return trust.certify(
                      caller.tenant(),
                      TrustJson.subject(subject, "subject"),
                      content(in.getContent())
                          .orElseThrow(
                              () ->
                                  ProblemException.of(
                                      ProblemType.INVALID_REQUEST,
                                      "content must hold raw_email, email or document")));
                })
            .thenApply(
                certificate ->
                    toProto(certificate).setHeader(CertificateHeader.encode(certificate)).build()));
  }

  @Override
  public CompletionStage<CertificateStatus> getCertificate(
      GetCertificateRequest in, Metadata metadata) {
    return call(
        () ->
            trust
                .certificate(in.getCertificateId())
                .thenApply(
                    status -> {
                      CertificateStatus.Builder out =
                          CertificateStatus.newBuilder()
                              .setCertificate(toProto(status.certificate()));
                      status
                          .revocation()
                          .ifPresent(
                              r ->
                                  out.setRevocation(
                                      Revocation.newBuilder()
                                          .setReason(r.reason())
                                          .setRevokedBy(r.revokedBy())
                                          .setRevokedAt(r.revokedAt().toString())));
                      return out.build();
                    }));
  }

  @Override
  public CompletionStage<VerificationReport> verify(VerifyRequest in, Metadata metadata) {
    return call(
        () -> {
          Optional<Certificate> certificate =
              in.hasCertificate()
                  ? Optional.of(TrustJson.certificate(toJson(in.getCertificate()), "certificate"))
                  : Optional.empty();
          Optional<String> id =
              Optional.of(in.getCertificateId()).filter(value -> !value.isEmpty());
          return trust
              .verify(new VerificationRequest(content(in.getContent()), certificate, id))
              .thenApply(
                  report -> {
                    VerificationReport.Builder out =
                        VerificationReport.newBuilder()
                            .setCertificateId(report.certificate().certificateId())
                            .setVerdict(report.verdict().name());
                    report
                        .checks()
                        .forEach(
                            check ->
                                out.addChecks(
                                    Check.newBuilder()
                                        .setName(check.name())
                                        .setStatus(check.status().name())
                                        .setDetail(check.detail())));
                    return out.build();
                  });
        });
  }

  @Override
  public CompletionStage<SignedCheckpoint> getCheckpoint(
      GetCheckpointRequest in, Metadata metadata) {
    return call(
        () ->
            trust
                .checkpoint()
                .thenApply(note -> SignedCheckpoint.newBuilder().setNote(note).build()));
  }

  @Override
  public CompletionStage<InclusionProof> proveInclusion(
      ProveInclusionRequest in, Metadata metadata) {
    return call(
        () ->
            trust.inclusionProof(in.getIndex(), in.getSize()).thenApply(TrustGrpcService::toProto));
  }

  @Override
  public CompletionStage<ConsistencyProof> proveConsistency(
      ProveConsistencyRequest in, Metadata metadata) {
    return call(
        () ->
            trust
                .consistencyProof(in.getFrom(), in.getTo())
                .thenApply(
                    proof ->
                        ConsistencyProof.newBuilder()
                            .setFrom(proof.size1())
                            .setTo(proof.size2())
                            .addAllHashes(bytes(proof.hashes()))
                            .build()));
  }

  private static <T> CompletionStage<T> call(Supplier<CompletionStage<T>> operation) {
    CompletionStage<T> stage;
    try {
      stage = operation.get();
    } catch (ProblemException problem) {
      stage = CompletableFuture.failedFuture(problem);
    }
    return GrpcProblems.reported(stage);
  }

  private static Optional<ai.maily.mesh.trust.canon.Content> content(Content content) {
    return switch (content.getKindCase()) {
      case RAW_EMAIL ->
          Optional.of(
              new ai.maily.mesh.trust.canon.Content.RawEmail(content.getRawEmail().toByteArray()));
      case EMAIL -> {
        ObjectNode email =
            Json.MAPPER
                .createObjectNode()
                .put("from", content.getEmail().getFrom())
                .put("subject", content.getEmail().getSubject());
        putIfSet(email, "replyTo", content.getEmail().getReplyTo());
        putIfSet(email, "html", content.getEmail().getHtml());
        putIfSet(email, "text", content.getEmail().getText());
        yield Optional.of(TrustJson.email(email, "content.email"));
      }
      case DOCUMENT ->
          Optional.of(
              new ai.maily.mesh.trust.canon.Content.Document(
                  content.getDocument().getMediaType(),
                  content.getDocument().getContent().toByteArray()));
      case KIND_NOT_SET -> Optional.empty();
    };
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** The client's certificate in the JSON shape {@link TrustJson#certificate} validates. */
  private static ObjectNode toJson(ai.maily.mesh.grpc.trust.v1.Certificate certificate) {
    ObjectNode json =
        Json.MAPPER
            .createObjectNode()
            .put("certificateId", certificate.getCertificateId())
            .put("issuer", certificate.getIssuer())
            .put("contentHash", base64(certificate.getContentHash()))
            .put("leafIndex", certificate.getLeafIndex())
            .put("leafHash", base64(certificate.getLeafHash()))
            .put("issuedAt", certificate.getIssuedAt())
            .put("checkpoint", certificate.getCheckpoint());
    json.putObject("subject")
        .put("type", certificate.getSubject().getType())
        .put("id", certificate.getSubject().getId());
    ObjectNode proof =
        json.putObject("inclusionProof")
            .put("leafIndex", certificate.getInclusionProof().getLeafIndex())
            .put("treeSize", certificate.getInclusionProof().getTreeSize());
    ArrayNode hashes = proof.putArray("hashes");
    certificate.getInclusionProof().getHashesList().forEach(h -> hashes.add(base64(h)));
    return json;
  }

  private static String base64(ByteString bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private static ai.maily.mesh.grpc.trust.v1.Certificate.Builder toProto(Certificate certificate) {
    return ai.maily.mesh.grpc.trust.v1.Certificate.newBuilder()
        .setCertificateId(certificate.certificateId())
        .setSubject(
            Subject.newBuilder()
                .setType(certificate.subject().type().code())
                .setId(certificate.subject().id()))
        .setIssuer(certificate.issuer())
        .setContentHash(ByteString.copyFrom(certificate.contentHash().bytes()))
        .setLeafIndex(certificate.leafIndex())
        .setLeafHash(ByteString.copyFrom(certificate.leafHash().bytes()))
        .setIssuedAt(certificate.issuedAt().toString())
        .setCheckpoint(certificate.checkpoint())
        .setInclusionProof(toProto(certificate.inclusionProof()));
  }

  private static InclusionProof toProto(ai.maily.mesh.trust.proof.InclusionProof proof) {
    return InclusionProof.newBuilder()
        .setLeafIndex(proof.leafIndex())
        .setTreeSize(proof.treeSize())
        .addAllHashes(bytes(proof.hashes()))
        .build();
  }

  private static List<ByteString> bytes(List<Hash> hashes) {
    return hashes.stream().map(h -> ByteString.copyFrom(h.bytes())).toList();
  }
}
