package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.trust.canon.Content;
import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.cert.CertificateHeader;
import ai.maily.mesh.trust.cert.Subject;
import ai.maily.mesh.trust.service.TrustJson;
import ai.maily.mesh.trust.service.TrustService;
import ai.maily.mesh.trust.service.VerificationRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The trust API: certificates, verification, the log's checkpoint, proofs and leaves, and the human
 * verification page. Reads and verification are public, as a transparency log's must be; issuing
 * and revoking need an editor of the issuing tenant.
 */
public final class TrustRoutes extends JsonRoutes {

  private final TrustService trust;

  /**
   * @param maxBodyBytes the largest body read: room for an email of the canonicaliser's maximum
   *     size, escaped in JSON
   */
  public TrustRoutes(TrustService trust, long maxBodyBytes) {
    super(maxBodyBytes);
    this.trust = trust;
  }

  /** Routes under {@code /api/v1} anyone may call. */
  public Route publicRoutes() {
    return concat(
        path(
            PathMatchers.segment("certificates").slash(PathMatchers.segment()),
            id ->
                get(
                    () ->
                        onSuccess(trust.certificate(id), status -> ok(TrustJson.status(status))))),
        path("verify", () -> post(this::verify)),
        pathPrefix(
            "trust",
            () ->
                concat(
                    path("checkpoint", () -> get(() -> onSuccess(trust.checkpoint(), this::plain))),
                    path("public-key", () -> get(() -> plain(trust.publicKey()))),
                    path(
                        PathMatchers.segment("proof").slash("inclusion"),
                        () -> get(this::inclusionProof)),
                    path(
                        PathMatchers.segment("proof").slash("consistency"),
                        () -> get(this::consistencyProof)),
                    path("leaves", () -> get(this::leaves)))));
  }

  /** Routes under {@code /api/v1} for an authenticated caller. */
  public Route callerRoutes(Principal caller) {
    return pathPrefix(
        "certificates",
        () ->
            concat(
                pathEndOrSingleSlash(() -> post(() -> certify(caller))),
                path(
                    PathMatchers.segment().slash("revoke"),
                    id -> post(() -> optionalJsonBody(body -> revoke(caller, id, body))))));
  }

  /** {@code /verify/{certificateId}}: the page, and the same page checking a pasted email. */
  public Route pageRoutes() {
    return path(
        PathMatchers.segment(),
        id ->
            extractUri(
                uri ->
                    concat(
                        get(() -> page(id, uri, Optional.empty())),
                        post(
                            () ->
                                withSizeLimit(
                                    maxBodyBytes,
                                    () ->
                                        formFieldOptional(
                                            "email",
                                            pasted ->
                                                page(
                                                    id,
                                                    uri,
                                                    pasted
                                                        .filter(text -> !text.isBlank())
                                                        .map(
                                                            text ->
                                                                text.getBytes(
                                                                    StandardCharsets.UTF_8)))))))));
  }

  private Route page(String id, Uri uri, Optional<byte[]> pasted) {
    String pageUrl = uri.query(Query.EMPTY).toString();
    return onSuccess(
        trust.page(id, pageUrl, pasted),
        page ->
            complete(
                HttpResponse.create()
                    .withStatus(
                        page.rejection()
                            .map(rejection -> rejection.type().httpStatus())
                            .orElse(StatusCodes.OK.intValue()))
                    .withEntity(ContentTypes.TEXT_HTML_UTF8, page.html())));
  }

  /**
   * JSON naming the subject and the content gets the certificate as JSON; a raw email ({@code
   * message/rfc822}, the subject in the query) gets itself back carrying its certificate header.
   */
  private Route certify(Principal caller) {
    return extractRequestEntity(
        entity -> {
          if (!entity.getContentType().mediaType().equals(MediaTypes.MESSAGE_RFC822)) {
            return jsonBody(body -> certifyJson(caller, body));
          }
          return parameterOptional(
              "subject",
              subject ->
                  withSizeLimit(
                      maxBodyBytes,
                      () ->
                          entity(
                              Unmarshaller.entityToByteString(),
                              bytes -> certifyEmail(caller, subject, bytes.toArray()))));
        });
  }

  private Route certifyJson(Principal caller, JsonNode body) {
    caller.require(Role.EDITOR);
    return onSuccess(
        trust.certify(
            caller.tenant(),
            TrustJson.subject(body.get("subject"), "subject"),
            TrustJson.content(body, "")),
        certificate -> created(certificate, () -> json(StatusCodes.CREATED, issued(certificate))));
  }

  private Route certifyEmail(Principal caller, Optional<String> subject, byte[] email) {
    caller.require(Role.EDITOR);
    return onSuccess(
        trust.certify(caller.tenant(), querySubject(subject), new Content.RawEmail(email)),
        certificate ->
            created(
                certificate,
                () ->
                    complete(
                        HttpResponse.create()
                            .withStatus(StatusCodes.CREATED)
                            .withEntity(
                                ContentTypes.create(MediaTypes.MESSAGE_RFC822),
                                CertificateHeader.addTo(email, certificate)))));
  }

  /** The {@code subject} query parameter, {@code type:id} as certificates print it. */
  private static Subject querySubject(Optional<String> subject) {
    int colon = subject.map(value -> value.indexOf(':')).orElse(-1);
    if (colon < 0) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "query parameter 'subject' is required with a message/rfc822 body",
              List.of(
                  new Problem.Violation(
                      "subject",
                      "give the certificate's subject as type:id, e.g. campaign:spring-sale"))));
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("type", subject.get().substring(0, colon));
    json.put("id", subject.get().substring(colon + 1));
    return TrustJson.subject(json, "subject");
  }

  private Route created(Certificate certificate, Supplier<Route> inner) {
    return respondWithHeader(
        Location.create("/api/v1/certificates/" + certificate.certificateId()), inner);
  }

  /** The certificate plus what a sender needs: the header to add and the page to link to. */
  private static ObjectNode issued(Certificate certificate) {
    ObjectNode json = TrustJson.certificate(certificate);
    json.put("header", CertificateHeader.encode(certificate));
    json.put("headerField", CertificateHeader.field(certificate));
    json.put("verifyPath", "/verify/" + certificate.certificateId());
    return json;
  }

  private Route revoke(Principal caller, String id, JsonNode body) {
    caller.require(Role.EDITOR);
    return onSuccess(
        trust.revoke(caller.tenant(), id, text(body, "reason", 1000)),
        revoked -> ok(TrustJson.revoked(revoked)));
  }

  /** A raw email ({@code message/rfc822}) with its header, or JSON naming what to check. */
  private Route verify() {
    return extractRequestEntity(
        entity -> {
          if (entity.getContentType().mediaType().equals(MediaTypes.MESSAGE_RFC822)) {
            return withSizeLimit(
                maxBodyBytes,
                () ->
                    entity(
                        Unmarshaller.entityToByteString(),
                        bytes -> report(VerificationRequest.ofEmail(bytes.toArray()))));
          }
          return jsonBody(body -> report(verificationRequest(body)));
        });
  }

  private static VerificationRequest verificationRequest(JsonNode body) {
    Optional<Content> content =
        List.of("rawEmail", "email", "document").stream().anyMatch(body::hasNonNull)
            ? Optional.of(TrustJson.content(body, ""))
            : Optional.empty();
    Optional<Certificate> certificate =
        body.hasNonNull("certificate")
            ? Optional.of(TrustJson.certificate(body.get("certificate"), "certificate"))
            : Optional.empty();
    Optional<String> certificateId =
        Optional.of(text(body, "certificateId", 200)).filter(id -> !id.isEmpty());
    if (content.isEmpty() && certificate.isEmpty() && certificateId.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "nothing to verify",
              List.of(
                  new Problem.Violation(
                      "certificate",
                      "give a certificate, a certificateId, or an email that carries its"
                          + " Maily-Certificate header"))));
    }
    return new VerificationRequest(content, certificate, certificateId);
  }

  private Route report(VerificationRequest request) {
    return onSuccess(trust.verify(request), report -> ok(TrustJson.report(report)));
  }

  private Route inclusionProof() {
    return longParameters(
        "index",
        "size",
        (index, size) ->
            onSuccess(trust.inclusionProof(index, size), p -> ok(TrustJson.inclusionProof(p))));
  }

  private Route consistencyProof() {
    return longParameters(
        "from",
        "to",
        (from, to) ->
            onSuccess(trust.consistencyProof(from, to), p -> ok(TrustJson.consistencyProof(p))));
  }

  private Route leaves() {
    return longParameters(
        "start",
        "end",
        (start, end) -> onSuccess(trust.leaves(start, end), p -> ok(TrustJson.leaves(p))));
  }

  /** Two required non-negative integer query parameters. */
  private Route longParameters(String first, String second, BiFunction<Long, Long, Route> inner) {
    return parameterOptional(
        first,
        a -> parameterOptional(second, b -> inner.apply(required(first, a), required(second, b))));
  }

  private static long required(String name, Optional<String> value) {
    if (value.isEmpty()) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "query parameter '" + name + "' is required",
              List.of(new Problem.Violation(name, "is required"))));
    }
    return nonNegative(name, value);
  }

  private Route plain(String text) {
    return complete(HttpResponse.create().withEntity(ContentTypes.TEXT_PLAIN_UTF8, text));
  }
}
