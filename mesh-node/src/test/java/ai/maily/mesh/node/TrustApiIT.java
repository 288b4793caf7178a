package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.trust.checkpoint.Checkpoint;
import ai.maily.mesh.trust.checkpoint.NoteVerifier;
import ai.maily.mesh.trust.proof.Proofs;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trust API of a running node: certificates, the signed checkpoint, proofs anyone can check
 * with the public key, verification of an email that carries its certificate, revocation, the
 * verification page, the offline CLI, and bad input that appends nothing.
 */
class TrustApiIT {

  private static final String EMAIL =
      "From: Acme Outdoor <news@acme.com>\r\n"
          + "To: dana@example.com\r\n"
          + "Subject: Your trail guide is here\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "\r\n"
          + "Hi Dana,\r\n\r\nSpring is here. Acme, 1 Main St, Springfield.\r\n";

  private static TestNode node;
  private static String editor;
  private static NoteVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    editor = node.token("acme", Role.EDITOR);
    HttpResponse<String> key = publicGet("/trust/public-key");
    assertThat(key.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    verifier = NoteVerifier.parse(key.body().strip());
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> publicGet(String path) {
    return node.send(HttpRequest.newBuilder(node.api(path)).build());
  }

  private static JsonNode certifyRawEmail(String subjectId, String email) {
    HttpResponse<String> response =
        node.post(
            "/certificates",
            editor,
            Map.of("subject", Map.of("type", "email", "id", subjectId), "rawEmail", email));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestNode.json(response);
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> hashes = new ArrayList<>();
    array.forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
    return hashes;
  }

  private static Checkpoint newestCheckpoint() throws Exception {
    return Checkpoint.parseVerified(publicGet("/trust/checkpoint").body(), List.of(verifier));
  }

  private static HttpResponse<String> verifyRaw(String email) {
    return node.send(
        HttpRequest.newBuilder(node.api("/verify"))
            .header("Content-Type", "message/rfc822")
            .POST(HttpRequest.BodyPublishers.ofString(email))
            .build());
  }

  private static String statusOf(JsonNode report, String check) {
    for (JsonNode c : report.path("checks")) {
      if (c.path("name").asText().equals(check)) {
        return c.path("status").asText();
      }
    }
    throw new AssertionError("no check " + check + " in " + report);
  }

  private static String signed(JsonNode certificate, String email) {
    return certificate.path("headerField").asText() + "\r\n" + email;
  }

  @Test
  void aCertificateIsProvenIncludedInASignedCheckpointAnyoneCanCheck() throws Exception {
    JsonNode certificate = certifyRawEmail("m-1", EMAIL);

    Checkpoint checkpoint =
        Checkpoint.parseVerified(certificate.path("checkpoint").asText(), List.of(verifier));
    JsonNode proof = certificate.path("inclusionProof");
    assertThat(proof.path("treeSize").asLong()).isEqualTo(checkpoint.size());
    Proofs.verifyInclusion(
        certificate.path("leafIndex").asLong(),
        checkpoint.size(),
        Base64.getDecoder().decode(certificate.path("leafHash").asText()),
        hashes(proof.path("hashes")),
        checkpoint.root().bytes());

    JsonNode stored =
        TestNode.json(publicGet("/certificates/" + certificate.path("certificateId").asText()));
    assertThat(stored.toString()).contains(certificate.path("certificateId").asText());

    Checkpoint newest = newestCheckpoint();
    JsonNode consistency =
        TestNode.json(
            publicGet(
                "/trust/proof/consistency?from=" + checkpoint.size() + "&to=" + newest.size()));
    if (checkpoint.size() < newest.size()) {
      Proofs.verifyConsistency(
          checkpoint.size(),
          newest.size(),
          hashes(consistency.path("hashes")),
          checkpoint.root().bytes(),
          newest.root().bytes());
    }
    JsonNode leaves = TestNode.json(publicGet("/trust/leaves?start=0&end=" + newest.size()));
    assertThat(leaves.path("hashes")).hasSize((int) newest.size());
  }

  @Test
  void anEmailCarryingItsCertificateVerifiesCheckByCheckAndATamperedOneFailsItsContentCheck() {
    JsonNode certificate = certifyRawEmail("m-2", EMAIL);
    String signedEmail = signed(certificate, EMAIL);

    JsonNode report = TestNode.json(verifyRaw(signedEmail));
    assertThat(report.path("verdict").asText()).as(report.toString()).isEqualTo("VERIFIED");
    for (String check :
        List.of("content-hash", "checkpoint-signature", "inclusion", "consistency", "revocation")) {
      assertThat(statusOf(report, check)).as(check).isEqualTo("PASS");
    }

    JsonNode tampered = TestNode.json(verifyRaw(signedEmail.replace("Spring is here", "Pay now")));
    assertThat(statusOf(tampered, "content-hash")).isEqualTo("FAIL");
    assertThat(statusOf(tampered, "inclusion")).isEqualTo("PASS");
    assertThat(tampered.path("verdict").asText()).isEqualTo("FAILED");
  }

  private static HttpResponse<String> certifyEmail(String query, String email) {
    return node.send(
        HttpRequest.newBuilder(node.api("/certificates" + query))
            .header("Authorization", "Bearer " + editor)
            .header("Content-Type", "message/rfc822")
            .POST(HttpRequest.BodyPublishers.ofString(email))
            .build());
  }

  @Test
  void aRawEmailSentToBeCertifiedComesBackCarryingItsCertificateHeader() {
    HttpResponse<String> response = certifyEmail("?subject=campaign:spring-sale", EMAIL);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("message/rfc822");
    assertThat(response.body()).startsWith("Maily-Certificate: ").endsWith("\r\n" + EMAIL);
    String location = response.headers().firstValue("Location").orElseThrow();
    JsonNode report = TestNode.json(verifyRaw(response.body()));
    assertThat(report.path("verdict").asText()).as(report.toString()).isEqualTo("VERIFIED");
    assertThat(location).isEqualTo("/api/v1/certificates/" + report.path("certificateId").asText());
    assertThat(report.path("subject").path("id").asText()).isEqualTo("spring-sale");
  }

  @Test
  void aRawEmailWithoutItsSubjectIsRefusedNamingTheQueryParameter() throws Exception {
    long before = newestCheckpoint().size();

    HttpResponse<String> missing = certifyEmail("", EMAIL);
    HttpResponse<String> unknownType = certifyEmail("?subject=mailing:spring", EMAIL);

    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(TestNode.json(missing).path("errors").get(0).path("field").asText())
        .isEqualTo("subject");
    assertThat(unknownType.statusCode()).isEqualTo(400);
    assertThat(TestNode.json(unknownType).path("detail").asText()).contains("mailing");
    assertThat(newestCheckpoint().size()).isEqualTo(before);
  }

  @Test
  void revocationIsANewEntryOnlyTheIssuerMayMake() throws Exception {
    JsonNode certificate = certifyRawEmail("m-3", EMAIL);
    String id = certificate.path("certificateId").asText();
    long before = newestCheckpoint().size();

    var stranger =
        node.post("/certificates/" + id + "/revoke", node.token("globex", Role.EDITOR), "{}");
    var revoked =
        node.post("/certificates/" + id + "/revoke", editor, Map.of("reason", "wrong offer"));
    var again = node.post("/certificates/" + id + "/revoke", editor, "{}");

    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(newestCheckpoint().size()).isEqualTo(before + 1);
    JsonNode report = TestNode.json(verifyRaw(signed(certificate, EMAIL)));
    assertThat(statusOf(report, "revocation")).isEqualTo("FAIL");
  }

  @Test
  void badInputGetsAProblemNamingItAndAppendsNothing() throws Exception {
    long before = newestCheckpoint().size();

    assertThat(publicGet("/trust/proof/inclusion?index=" + before + "&size=" + before).statusCode())
        .isEqualTo(400);
    assertThat(publicGet("/trust/proof/inclusion?index=0").statusCode()).isEqualTo(400);
    assertThat(publicGet("/trust/proof/consistency?from=0&to=1").statusCode()).isEqualTo(400);
    assertThat(publicGet("/trust/leaves?start=0&end=" + (before + 5)).statusCode()).isEqualTo(400);
    var shortHash =
        node.post(
            "/verify",
            editor,
            Map.of(
                "certificate",
                Map.of(
                    "certificateId",
                    "x",
                    "subject",
                    Map.of("type", "email", "id", "m"),
                    "issuer",
                    "acme",
                    "contentHash",
                    Base64.getEncoder().encodeToString(new byte[31]),
                    "leafIndex",
                    0,
                    "leafHash",
                    Base64.getEncoder().encodeToString(new byte[32]),
                    "issuedAt",
                    "2026-11-25T10:00:00Z",
                    "checkpoint",
                    "x",
                    "inclusionProof",
                    Map.of("leafIndex", 0, "treeSize", 1, "hashes", List.of()))));
    assertThat(shortHash.statusCode()).as(shortHash.body()).isEqualTo(400);
    assertThat(TestNode.json(shortHash).path("detail").asText()).contains("contentHash");
    assertThat(verifyRaw("Maily-Certificate: AAAA\r\n" + EMAIL).statusCode()).isEqualTo(400);
    String huge = EMAIL + "x".repeat(3 * 1024 * 1024);
    assertThat(
            node.post(
                    "/certificates",
                    editor,
                    Map.of("subject", Map.of("type", "email", "id", "big"), "rawEmail", huge))
                .statusCode())
        .isEqualTo(413);
    assertThat(
            node.post(
                    "/certificates",
                    editor,
                    Map.of("subject", Map.of("type", "planet", "id", "x"), "rawEmail", EMAIL))
                .statusCode())
        .isEqualTo(400);
    assertThat(
            node.post(
                    "/certificates",
                    node.token("acme", Role.VIEWER),
                    Map.of("subject", Map.of("type", "email", "id", "v"), "rawEmail", EMAIL))
                .statusCode())
        .isEqualTo(403);

    assertThat(newestCheckpoint().size()).isEqualTo(before);
  }

  @Test
  void theLogsRefusalsAreProblemsOfTheirType() throws Exception {
    long size = newestCheckpoint().size();

    HttpResponse<String> outside = publicGet("/trust/proof/inclusion?index=0&size=" + (size + 1));
    HttpResponse<String> missing = publicGet("/certificates/missing");

    assertThat(outside.statusCode()).isEqualTo(400);
    assertThat(outside.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(outside.body())
        .isEqualTo(
            "{\"type\":\"urn:maily:problem:invalid-request\",\"title\":\"Invalid request\","
                + "\"status\":400,\"detail\":\"size "
                + (size + 1)
                + " is outside [1, "
                + size
                + "], the log's sizes\"}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(missing.body())
        .isEqualTo(
            "{\"type\":\"urn:maily:problem:not-found\",\"title\":\"Not found\",\"status\":404,"
                + "\"detail\":\"certificate missing is not in the log\"}");
  }

  @Test
  void anEmailWithAnUnpairedSurrogateIsRefusedAndAppendsNothing() throws Exception {
    long before = newestCheckpoint().size();
    // JSON can escape a surrogate without its pair, which no UTF-8 byte sequence encodes.
    String lone = "From: news@acme.com\\r\\nSubject: Sale \\ud83d\\r\\n\\r\\nHi\\r\\n";

    HttpResponse<String> certified =
        node.post(
            "/certificates",
            editor,
            "{\"subject\": {\"type\": \"email\", \"id\": \"lone\"}, \"rawEmail\": \""
                + lone
                + "\"}");
    HttpResponse<String> verified =
        node.post("/verify", editor, "{\"certificateId\": \"x\", \"rawEmail\": \"" + lone + "\"}");

    for (HttpResponse<String> response : List.of(certified, verified)) {
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(TestNode.json(response).path("type").asText())
          .isEqualTo("urn:maily:problem:invalid-request");
      assertThat(TestNode.json(response).path("detail").asText())
          .contains("rawEmail is not valid Unicode", "U+D83D");
    }
    assertThat(newestCheckpoint().size()).isEqualTo(before);
  }

  private static String sha256Base64(String text) throws Exception {
    return Base64.getEncoder()
        .encodeToString(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theVerificationPageShowsEachCheckAQrCodeAndChecksAPastedEmail() throws Exception {
    JsonNode certificate = certifyRawEmail("m-4", EMAIL);
    String id = certificate.path("certificateId").asText();
    URI page = URI.create("http://127.0.0.1:" + node.node().httpPort() + "/verify/" + id);

    HttpResponse<String> shown = node.send(HttpRequest.newBuilder(page).build());
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(shown.body())
        .contains(
            id,
            "data:image/png;base64,",
            "<textarea",
            "The email matches what was certified",
            "The log signed the checkpoint",
            "The certificate is recorded in the log",
            "The log has not rewritten history since",
            "The certificate has not been revoked",
            "couldn&#39;t check");
    assertThat(shown.body()).doesNotContain("<script");
    assertThat(shown.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(shown.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    String style =
        shown
            .body()
            .substring(shown.body().indexOf("<style>") + 7, shown.body().indexOf("</style>"));
    String styleHash = sha256Base64(style);
    assertThat(shown.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            policy ->
                assertThat(policy)
                    .contains(
                        "default-src 'none'",
                        "style-src 'sha256-" + styleHash + "'",
                        "img-src data:",
                        "form-action 'self'",
                        "frame-ancestors 'none'"));

    String form =
        "email="
            + URLEncoder.encode(
                signed(certificate, EMAIL).replace("Spring", "Winter"), StandardCharsets.UTF_8);
    HttpResponse<String> checked =
        node.send(
            HttpRequest.newBuilder(page)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    assertThat(checked.statusCode()).isEqualTo(200);
    assertThat(checked.body())
        .containsPattern("<li class=\"fail\">.*The email matches what was certified");

    HttpResponse<String> unknown =
        node.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.node().httpPort() + "/verify/nope"))
                .build());
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void theCliVerifiesAnEmlFileOfflineWithOnlyTheVerifierKey() throws Exception {
    JsonNode certificate = certifyRawEmail("m-5", EMAIL);
    Path eml = Files.createTempFile("certified", ".eml");
    Files.writeString(eml, signed(certificate, EMAIL));
    Path tampered = Files.createTempFile("tampered", ".eml");
    Files.writeString(tampered, signed(certificate, EMAIL).replace("Dana", "Eve"));

    Process good = cli("verify", "--key", verifier.verifierKey(), eml.toString());
    String output = new String(good.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(good.waitFor()).as(output).isZero();
    assertThat(output)
        .contains("content-hash", "inclusion", certificate.path("certificateId").asText());

    Process bad = cli("verify", "--key", verifier.verifierKey(), tampered.toString());
    bad.getInputStream().readAllBytes();
    assertThat(bad.waitFor()).isEqualTo(1);
  }

  private static Process cli(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(Path.of("target", "maily-mesh.jar").toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
