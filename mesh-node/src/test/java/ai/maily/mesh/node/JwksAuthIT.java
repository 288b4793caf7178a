package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that trusts an identity provider's JWKS: RS256 and ES256 tokens from its keys pass,
 * anything else is 401. The identity provider is a local HTTP server publishing a real JWK set.
 */
class JwksAuthIT {

  private static final String ISSUER = "https://idp.maily.test";

  private static RSAKey rsa;
  private static ECKey ec;
  private static HttpServer identityProvider;
  private static TestNode node;

  @BeforeAll
  static void start() throws JOSEException, IOException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    byte[] jwks =
        new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    identityProvider.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, jwks.length);
          exchange.getResponseBody().write(jwks);
          exchange.close();
        });
    identityProvider.start();
    String url =
        "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/.well-known/jwks.json";
    node =
        TestNode.start(
            ConfigFactory.parseMap(Map.of("mesh.auth.jwks-url", url, "mesh.auth.issuer", ISSUER)));
  }

  @AfterAll
  static void stop() {
    node.close();
    identityProvider.stop(0);
  }

  private static String token(
      JWSAlgorithm algorithm, String keyId, JWSSigner signer, JWTClaimsSet claims)
      throws JOSEException {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject("alice")
        .claim("tenant", "acme")
        .claim("roles", List.of("viewer"))
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static int status(String token) {
    return node.get("/playbooks", token).statusCode();
  }

  @Test
  void acceptsRs256AndEs256TokensSignedWithPublishedKeys() throws JOSEException {
    assertThat(status(token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims().build())))
        .isEqualTo(200);
    assertThat(status(token(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims().build())))
        .isEqualTo(200);
  }

  @Test
  void rejectsTokensNotSignedByThePublishedKeys() throws JOSEException {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    assertThat(
            status(
                token(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(stranger), claims().build())))
        .isEqualTo(401);
    byte[] secret = "a-shared-secret-that-is-long-enough!!".getBytes(StandardCharsets.UTF_8);
    assertThat(status(token(JWSAlgorithm.HS256, "rsa-1", new MACSigner(secret), claims().build())))
        .isEqualTo(401);
  }

  @Test
  void rejectsWrongIssuerExpiredTokensAndMissingClaims() throws JOSEException {
    RSASSASigner signer = new RSASSASigner(rsa);
    assertThat(
            status(
                token(
                    JWSAlgorithm.RS256, "rsa-1", signer, claims().issuer("https://evil").build())))
        .isEqualTo(401);
    assertThat(
            status(
                token(
                    JWSAlgorithm.RS256,
                    "rsa-1",
                    signer,
                    claims().expirationTime(Date.from(Instant.now().minusSeconds(600))).build())))
        .isEqualTo(401);
    assertThat(
            status(
                token(JWSAlgorithm.RS256, "rsa-1", signer, claims().claim("tenant", null).build())))
        .isEqualTo(401);
    assertThat(
            status(
                token(
                    JWSAlgorithm.RS256,
                    "rsa-1",
                    signer,
                    claims().claim("roles", List.of("superuser")).build())))
        .isEqualTo(401);
  }

  @Test
  void printsNoDevTokenWhenAnIdentityProviderIsConfigured() {
    assertThat(node.node().devToken()).isEmpty();
  }
}
