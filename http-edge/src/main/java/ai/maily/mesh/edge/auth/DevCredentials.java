package ai.maily.mesh.edge.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The HS256 secret of an embedded node and the tokens minted with it. The secret is generated on
 * first start into {@code <data-dir>/dev-jwt.secret} (owner read/write only), so the {@code token}
 * command and restarts use the same one.
 */
public final class DevCredentials {

  private static final String FILE = "dev-jwt.secret";

  private final byte[] secret;
  private final Clock clock;

  public DevCredentials(byte[] secret, Clock clock) {
    this.secret = secret.clone();
    this.clock = clock;
  }

  /** Reads the secret under {@code dataDir}, creating it first if there is none. */
  public static DevCredentials loadOrCreate(Path dataDir) {
    Path file = file(dataDir);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first; use theirs.
        }
      }
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the dev secret " + file, e);
    }
  }

  /**
   * Reads the secret a node created under {@code dataDir}; empty if there is none, as a secret made
   * anywhere else would sign tokens that node refuses.
   */
  public static Optional<DevCredentials> load(Path dataDir) {
    Path file = file(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dev secret " + file, e);
    }
  }

  /** Where the secret of a node with {@code dataDir} is. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  private static DevCredentials read(Path file) throws IOException {
    byte[] secret =
        Base64.getDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).trim());
    return new DevCredentials(secret, Clock.systemUTC());
  }

  public byte[] secret() {
    return secret.clone();
  }

  /** A signed token for {@code tenant} with {@code roles}, valid for {@code ttl}. */
  public String mint(String subject, String tenant, Set<Role> roles, Duration ttl) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("tenant", tenant)
            .claim(
                "roles",
                roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList())
            .issueTime(Date.from(clock.instant()))
            .expirationTime(Date.from(clock.instant().plus(ttl)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the dev secret", e);
    }
    return jwt.serialize();
  }

  /** The default dev token: tenant {@code dev}, all roles. */
  public String mintDefault(Duration ttl) {
    return mint("dev-user", "dev", Set.of(Role.ADMIN), ttl);
  }
}
