package ai.maily.mesh.node;

import ai.maily.mesh.node.cli.MeshVersion;
import ai.maily.mesh.node.cli.TokenCommand;
import ai.maily.mesh.node.cli.VerifyCommand;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point: with no subcommand, runs a mesh node; {@code token} prints a dev token and {@code
 * verify} checks an email's certificate offline.
 */
@Command(
    name = "maily-mesh",
    mixinStandardHelpOptions = true,
    versionProvider = MeshVersion.class,
    description = "Maily Agent Mesh: runs a node (default) or helps operate one.",
    subcommands = {TokenCommand.class, VerifyCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    CommonPool.atLeastTwoThreads();
    int exit = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Runs a node until the process is stopped; the JVM exits through coordinated shutdown. */
  @Override
  public Integer call() {
    MeshNode node = MeshNode.start(ConfigFactory.empty());
    System.out.println(banner(node));
    return 0;
  }

  private static String banner(MeshNode node) {
    StringBuilder banner = new StringBuilder();
    banner.append("\nMaily Agent Mesh is up\n");
    banner.append("  REST        http://127.0.0.1:").append(node.httpPort()).append("/api/v1\n");
    banner.append("  gRPC        127.0.0.1:").append(node.grpcPort()).append('\n');
    banner.append("  management  http://127.0.0.1:").append(node.managementPort()).append('\n');
    node.devToken()
        .ifPresent(
            token ->
                banner
                    .append("\nDev token (tenant 'dev', role admin); more with `token --help`:\n")
                    .append(token)
                    .append('\n'));
    return banner.toString();
  }
}
