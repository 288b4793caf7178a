package ai.maily.mesh.trust.service;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.canon.Utf8;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.LogEntry;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.cert.SubjectType;
import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.proof.ConsistencyProof;
import ai.maily.mesh.trust.proof.InclusionProof;
import ai.maily.mesh.trust.verify.Check;
import ai.maily.mesh.trust.verify.VerificationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of the trust API (ARCHITECTURE §5), written and read in one place so REST, gRPC
 * JSON transcoding and the agent agree. Hashes are standard base64 of 32 bytes; times are ISO-8601.
 * Reading fails with {@link ProblemType#INVALID_REQUEST} naming the offending field.
 */
public final class TrustJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TrustJson() {}

  // ---- writing ----

  /**
   * {@code {certificateId, subject: {type, id}, issuer, contentHash, leafIndex, leafHash, issuedAt,
   * checkpoint, inclusionProof: {leafIndex, treeSize, hashes}}}.
   */
  public static ObjectNode certificate(Certificate certificate) {
    ObjectNode json = JSON.objectNode();
    json.put("certificateId", certificate.certificateId());
    json.set("subject", subject(certificate.subject()));
    json.put("issuer", certificate.issuer());
    json.put("contentHash", certificate.contentHash().base64());
    json.put("leafIndex", certificate.leafIndex());
    json.put("leafHash", certificate.leafHash().base64());
    json.put("issuedAt", certificate.issuedAt().toString());
    json.put("checkpoint", certificate.checkpoint());
    json.set("inclusionProof", inclusionProof(certificate.inclusionProof()));
    return json;
  }

  /** The certificate plus {@code revoked: {reason, revokedBy, revokedAt}} or {@code null}. */
  public static ObjectNode status(CertificateStatus status) {
    ObjectNode json = certificate(status.certificate());
    if (status.revocation().isPresent()) {
      json.set("revoked", revocation(status.revocation().get()));
    } else {
      json.putNull("revoked");
    }
    return json;
  }

  /** {@code {certificateId, reason, revokedBy, revokedAt, leafIndex, checkpoint}}. */
  public static ObjectNode revoked(Revoked revoked) {
    ObjectNode json = revocation(revoked.revocation());
    json.put("certificateId", revoked.revocation().certificateId());
    json.put("leafIndex", revoked.leafIndex());
    json.put("checkpoint", revoked.checkpoint());
    return json;
  }

  private static ObjectNode revocation(LogEntry.Revocation revocation) {
    ObjectNode json = JSON.objectNode();
    json.put("reason", revocation.reason());
    json.put("revokedBy", revocation.revokedBy());
    json.put("revokedAt", revocation.revokedAt().toString());
    return json;
  }

  /** {@code {type, id}}. */
  public static ObjectNode subject(Subject subject) {
    return JSON.objectNode().put("type", subject.type().code()).put("id", subject.id());
  }

  /** {@code {leafIndex, treeSize, hashes: [base64]}}. */
  public static ObjectNode inclusionProof(InclusionProof proof) {
    ObjectNode json = JSON.objectNode();
    json.put("leafIndex", proof.leafIndex());
    json.put("treeSize", proof.treeSize());
    json.set("hashes", hashes(proof.hashes()));
    return json;
  }

  /** {@code {from, to, hashes: [base64]}}. */
  public static ObjectNode consistencyProof(ConsistencyProof proof) {
    ObjectNode json = JSON.objectNode();
    json.put("from", proof.size1());
    json.put("to", proof.size2());
    json.set("hashes", hashes(proof.hashes()));
    return json;
  }

  /** {@code {start, end, hashes: [base64], entries: [base64]}}. */
  public static ObjectNode leaves(LeafPage page) {
    ObjectNode json = JSON.objectNode();
    json.put("start", page.start());
    json.put("end", page.end());
    json.set("hashes", hashes(page.hashes()));
    ArrayNode entries = json.putArray("entries");
    page.entries().forEach(entry -> entries.add(Base64.getEncoder().encodeToString(entry)));
    return json;
  }

  /** {@code {certificateId, verdict, checks: [{name, status, detail}]}}. */
  public static ObjectNode report(VerificationReport report) {
    ObjectNode json = JSON.objectNode();
    json.put("certificateId", report.certificate().certificateId());
    json.set("subject", subject(report.certificate().subject()));
    json.put("verdict", report.verdict().name());
    ArrayNode checks = json.putArray("checks");
    for (Check check : report.checks()) {
      checks
          .addObject()
          .put("name", check.name())
          .put("status", check.status().name())
          .put("detail", check.detail());
    }
    return json;
  }

  private static ArrayNode hashes(List<Hash> hashes) {
    ArrayNode array = JSON.arrayNode();
    hashes.forEach(hash -> array.add(hash.base64()));
    return array;
  }

  // ---- reading ----

  /** Reads {@code {type, id}}. */
  public static Subject subject(JsonNode json, String path) {
    String type = text(json, path + ".type");
    SubjectType subjectType =
        SubjectType.fromCode(type)
            .orElseThrow(
                () ->
                    invalid(
                        path
                            + ".type must be one of email, campaign, content, sender, not \""
                            + type
                            + "\""));
    try {
      return new Subject(subjectType, text(json, path + ".id"));
    } catch (IllegalArgumentException e) {
      throw invalid(path + ": " + e.getMessage());
    }
  }

  /**
   * Reads content: {@code {rawEmail: "<RFC 5322 message>"}}, {@code {email: {from, replyTo?,
   * subject, html?, text?}}} or {@code {document: {mediaType, base64}}}; exactly one of them.
   */
  public static Content content(JsonNode json, String path) {
    List<String> present = new ArrayList<>();
    for (String field : List.of("rawEmail", "email", "document")) {
      if (has(json, field)) {
        present.add(field);
      }
    }
    if (present.size() != 1) {
      throw invalid(
          path + " must hold exactly one of rawEmail, email and document; it holds " + present);
    }
    return switch (present.get(0)) {
      case "rawEmail" ->
          new Content.RawEmail(Utf8.encode(text(json, path + ".rawEmail"), path + ".rawEmail"));
      case "email" -> email(json.get("email"), path + ".email");
      default -> document(json.get("document"), path + ".document");
    };
  }

  /** Reads {@code {from, replyTo?, subject, html?, text?}}; unknown fields are ignored. */
  public static Content.StructuredEmail email(JsonNode json, String path) {
    if (json == null || !json.isObject()) {
      throw invalid(path + " must be an object");
    }
    return new Content.StructuredEmail(
        text(json, path + ".from"),
        optionalText(json, path + ".replyTo"),
        text(json, path + ".subject"),
        optionalText(json, path + ".html"),
        optionalText(json, path + ".text"));
  }

  private static Content.Document document(JsonNode json, String path) {
    String base64 = text(json, path + ".base64");
    try {
      return new Content.Document(
          text(json, path + ".mediaType"), Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw invalid(path + ".base64 is not base64: " + e.getMessage());
    }
  }

  /** Reads a certificate in the shape {@link #certificate(Certificate)} writes. */
  public static Certificate certificate(JsonNode json, String path) {
    if (json == null || !json.isObject()) {
      throw invalid(path + " must be an object");
    }
    JsonNode proof = json.get("inclusionProof");
    if (proof == null || !proof.isObject()) {
      throw invalid(path + ".inclusionProof must be an object");
    }
    long leafIndex = number(json, path + ".leafIndex");
    return new Certificate(
        text(json, path + ".certificateId"),
        subject(json.get("subject"), path + ".subject"),
        text(json, path + ".issuer"),
        hash(json, path + ".contentHash"),
        leafIndex,
        hash(json, path + ".leafHash"),
        instant(json, path + ".issuedAt"),
        text(json, path + ".checkpoint"),
        new InclusionProof(
            number(proof, path + ".inclusionProof.leafIndex"),
            number(proof, path + ".inclusionProof.treeSize"),
            hashList(proof, path + ".inclusionProof.hashes")));
  }

  private static boolean has(JsonNode json, String field) {
    return json != null && json.has(field) && !json.get(field).isNull();
  }

  private static JsonNode field(JsonNode json, String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    if (json == null || !json.isObject()) {
      throw invalid(path.substring(0, Math.max(0, path.lastIndexOf('.'))) + " must be an object");
    }
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      throw invalid(path + " is required");
    }
    return value;
  }

  private static String text(JsonNode json, String path) {
    JsonNode value = field(json, path);
    if (!value.isTextual()) {
      throw invalid(path + " must be a string");
    }
    return value.textValue();
  }

  private static Optional<String> optionalText(JsonNode json, String path) {
    String name = path.substring(path.lastIndexOf('.') + 1);
    return has(json, name) ? Optional.of(text(json, path)) : Optional.empty();
  }

  private static long number(JsonNode json, String path) {
    JsonNode value = field(json, path);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw invalid(path + " must be an integer");
    }
    return value.longValue();
  }

  private static Instant instant(JsonNode json, String path) {
    try {
      return Instant.parse(text(json, path));
    } catch (DateTimeParseException e) {
      throw invalid(path + " must be an ISO-8601 instant such as 2026-11-25T10:15:30.123Z");
    }
  }

  private static Hash hash(JsonNode json, String path) {
    return hash(text(json, path), path);
  }

  private static Hash hash(String base64, String path) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid(path + " is not base64: " + e.getMessage());
    }
    if (bytes.length != Hash.SIZE) {
      throw invalid(path + " must be " + Hash.SIZE + " bytes but is " + bytes.length + " bytes");
    }
    return Hash.of(bytes);
  }

  private static List<Hash> hashList(JsonNode json, String path) {
    JsonNode array = field(json, path);
    if (!array.isArray()) {
      throw invalid(path + " must be an array");
    }
    if (array.size() > 64) {
      throw invalid(path + " has " + array.size() + " hashes; a 64-bit tree needs at most 64");
    }
    List<Hash> hashes = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      if (!item.isTextual()) {
        throw invalid(path + "[" + i + "] must be a string");
      }
      hashes.add(hash(item.textValue(), path + "[" + i + "]"));
    }
    return hashes;
  }

  private static ProblemException invalid(String detail) {
    return ProblemException.of(ProblemType.INVALID_REQUEST, detail);
  }
}
