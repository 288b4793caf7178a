package ai.maily.mesh.edge.auth;

import ai.maily.mesh.core.JsonLimits;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies bearer JWTs: HS256 with a shared secret, or RS256/ES256 with keys from a JWKS URL, plus
 * expiry, optional issuer and audience, and the mesh's claims {@code sub}, {@code tenant} and
 * {@code roles}.
 */
public final class TokenVerifier {

  /** The shortest HS256 secret accepted: the hash's size, as RFC 7518 §3.2 requires. */
  public static final int MIN_HS256_SECRET_BYTES = 32;

  /** Tenant ids are path-safe and case-sensitive. */
  public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final boolean remoteKeys;

  private TokenVerifier(
      JWSVerificationKeySelector<SecurityContext> keys,
      String issuer,
      String audience,
      boolean remoteKeys) {
    this.processor = new DefaultJWTProcessor<>();
    this.processor.setJWSKeySelector(keys);
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (!issuer.isEmpty()) {
      exact.issuer(issuer);
    }
    this.processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            audience.isEmpty() ? null : audience, exact.build(), Set.of("sub", "tenant", "exp")));
    this.remoteKeys = remoteKeys;
  }

  /** Verifies HS256 tokens signed with {@code secret} (at least 32 bytes). */
  public static TokenVerifier hs256(byte[] secret, String issuer, String audience) {
    if (secret.length < MIN_HS256_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "the HS256 secret must be at least " + MIN_HS256_SECRET_BYTES + " bytes");
    }
    return new TokenVerifier(
        new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)),
        issuer,
        audience,
        false);
  }

  /** Verifies RS256 and ES256 tokens with keys published at {@code jwksUrl}. */
  public static TokenVerifier jwks(String jwksUrl, String issuer, String audience) {
    try {
      JWKSource<SecurityContext> source =
          JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
      return new TokenVerifier(
          new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), source),
          issuer,
          audience,
          true);
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid JWKS URL '" + jwksUrl + "'", e);
    }
  }

  /** True when verification may fetch keys over the network, so it must not run on a hot path. */
  public boolean fetchesKeys() {
    return remoteKeys;
  }

  /** The caller the token speaks for. */
  public Principal verify(String token) throws AuthenticationException {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new AuthenticationException("the bearer token is not a valid JWT", e);
    } catch (BadJOSEException e) {
      throw new AuthenticationException("the bearer token was rejected: " + e.getMessage(), e);
    } catch (JOSEException e) {
      throw new AuthenticationException("the bearer token could not be verified", e);
    }
    try {
      String tenant = claims.getStringClaim("tenant");
      if (tenant == null || !TENANT.matcher(tenant).matches()) {
        throw new AuthenticationException(
            "the token's tenant claim must match " + TENANT.pattern());
      }
      Set<Role> roles = EnumSet.noneOf(Role.class);
      List<String> names = claims.getStringListClaim("roles");
      for (String name : names == null ? List.<String>of() : names) {
        roles.add(
            Role.parse(name)
                .orElseThrow(
                    () ->
                        new AuthenticationException(
                            "the token names an unknown role '" + name + "'")));
      }
      // The subject is written into the tasks the caller submits, cancels and approves.
      Optional<String> subject = JsonLimits.unpaired(claims.getSubject());
      if (subject.isPresent()) {
        throw new AuthenticationException("the token's sub claim " + subject.get());
      }
      return new Principal(
          claims.getSubject(),
          tenant,
          new HashSet<>(roles),
          claims.getExpirationTime().toInstant());
    } catch (ParseException e) {
      throw new AuthenticationException("the token's tenant or roles claim has the wrong type", e);
    }
  }
}
