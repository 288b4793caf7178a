package ai.maily.mesh.node.cli;

import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.edge.auth.TokenVerifier;
import ai.maily.mesh.node.NodeConfig;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Prints a JWT signed with the node's HS256 secret: {@code MESH_JWT_SECRET}, or the dev secret the
 * node created under its data directory. Nodes that trust a JWKS URL get their tokens from that
 * issuer instead.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    versionProvider = MeshVersion.class,
    description = "Prints a bearer token for the local node.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:a token was printed", "2:no token can be made for this node"})
public final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--tenant", defaultValue = "dev", description = "tenant claim (default: dev)")
  String tenant;

  @Option(
      names = "--subject",
      defaultValue = "dev-user",
      description = "sub claim (default: dev-user)")
  String subject;

  @Option(
      names = "--roles",
      split = ",",
      defaultValue = "admin",
      description = "comma-separated roles: ${COMPLETION-CANDIDATES} (default: admin)")
  List<Role> roles;

  @Option(
      names = "--ttl",
      defaultValue = "PT12H",
      description = "lifetime as an ISO-8601 duration (default: PT12H)")
  Duration ttl;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "the node's data directory, which holds its dev secret (default: MESH_DATA_DIR,"
              + " else ./data)")
  Path dataDir;

  private final Config overrides;

  public TokenCommand() {
    this(ConfigFactory.empty());
  }

  /** A command reading the node's configuration with {@code overrides} on top. */
  TokenCommand(Config overrides) {
    this.overrides = overrides;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!TokenVerifier.TENANT.matcher(tenant).matches()) {
      err.println("--tenant must match " + TokenVerifier.TENANT.pattern());
      return 2;
    }
    Config config = NodeConfig.load(overrides);
    Config auth = config.getConfig("mesh.auth");
    if (!auth.getString("jwks-url").isEmpty()) {
      err.println("this node trusts a JWKS URL; get tokens from that identity provider");
      return 2;
    }
    String secret = auth.getString("hs256-secret");
    Optional<DevCredentials> credentials =
        secret.isEmpty() ? devCredentials(config, err) : sharedSecret(secret, err);
    credentials.ifPresent(
        signer ->
            spec.commandLine()
                .getOut()
                .println(signer.mint(subject, tenant, EnumSet.copyOf(roles), ttl)));
    return credentials.isPresent() ? 0 : 2;
  }

  /** The secret the node created; a new one would sign tokens that node refuses. */
  private Optional<DevCredentials> devCredentials(Config config, PrintWriter err) {
    Path dir = dataDir != null ? dataDir.toAbsolutePath().normalize() : NodeConfig.dataDir(config);
    Optional<DevCredentials> credentials = DevCredentials.load(dir);
    if (credentials.isEmpty()) {
      err.println(
          "no dev secret at "
              + DevCredentials.file(dir)
              + ": start the node first, or give the data directory of the node you want a token"
              + " for with --data-dir or MESH_DATA_DIR");
    }
    return credentials;
  }

  private static Optional<DevCredentials> sharedSecret(String secret, PrintWriter err) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < TokenVerifier.MIN_HS256_SECRET_BYTES) {
      err.println(
          "MESH_JWT_SECRET has "
              + bytes.length
              + " bytes; an HS256 secret needs at least "
              + TokenVerifier.MIN_HS256_SECRET_BYTES
              + ", and a node refuses to start with a shorter one");
      return Optional.empty();
    }
    return Optional.of(new DevCredentials(bytes, Clock.systemUTC()));
  }
}
