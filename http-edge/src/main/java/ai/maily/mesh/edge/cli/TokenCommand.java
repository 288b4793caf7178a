package ai.maily.mesh.edge.cli;

import ai.maily.mesh.edge.NodeConfig;
import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.edge.auth.TokenVerifier;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints a JWT signed with the node's HS256 secret: the dev secret under the data directory, or
 * {@code MESH_JWT_SECRET}. Nodes that trust a JWKS URL get their tokens from that issuer instead.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Prints a bearer token for the local node.")
public final class TokenCommand implements Callable<Integer> {

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

  @Override
  public Integer call() {
    if (!TokenVerifier.TENANT.matcher(tenant).matches()) {
      System.err.println("--tenant must match " + TokenVerifier.TENANT.pattern());
      return 2;
    }
    Config config = NodeConfig.load(ConfigFactory.empty());
    Config auth = config.getConfig("mesh.auth");
    if (!auth.getString("jwks-url").isEmpty()) {
      System.err.println("this node trusts a JWKS URL; get tokens from that identity provider");
      return 2;
    }
    String secret = auth.getString("hs256-secret");
    DevCredentials credentials =
        secret.isEmpty()
            ? DevCredentials.loadOrCreate(NodeConfig.dataDir(config))
            : new DevCredentials(secret.getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
    System.out.println(credentials.mint(subject, tenant, EnumSet.copyOf(roles), ttl));
    return 0;
  }
}
