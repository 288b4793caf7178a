package ai.maily.mesh.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.edge.auth.TokenVerifier;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

  @TempDir Path dataDir;

  private static Config dataDir(Path dir) {
    return ConfigFactory.parseMap(Map.of("mesh.data-dir", dir.toString()));
  }

  private static Principal verify(String token, Path dataDir) throws Exception {
    byte[] secret = DevCredentials.load(dataDir).orElseThrow().secret();
    return TokenVerifier.hs256(secret, "", "").verify(token.trim());
  }

  @Test
  void mintsWithTheSecretTheNodeCreatedInItsDataDir() throws Exception {
    DevCredentials.loadOrCreate(dataDir);

    CommandRun run =
        CommandRun.of(new TokenCommand(dataDir(dataDir)), "--tenant", "acme", "--roles", "editor");

    assertThat(run.exit()).as(run.err()).isZero();
    Principal principal = verify(run.out(), dataDir);
    assertThat(principal.tenant()).isEqualTo("acme");
    assertThat(principal.roles()).containsExactly(Role.EDITOR);
  }

  @Test
  void theDataDirOptionPointsAtTheNodesSecret() throws Exception {
    DevCredentials.loadOrCreate(dataDir);

    CommandRun run =
        CommandRun.of(
            new TokenCommand(dataDir(dataDir.resolve("elsewhere"))),
            "--data-dir",
            dataDir.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(verify(run.out(), dataDir).tenant()).isEqualTo("dev");
  }

  @Test
  void withoutTheNodesSecretSaysWhereItLookedAndCreatesNone() {
    Path empty = dataDir.resolve("data");

    CommandRun run = CommandRun.of(new TokenCommand(dataDir(empty)));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("no dev secret at " + empty.resolve("dev-jwt.secret"))
        .contains("--data-dir");
    assertThat(empty).doesNotExist();
  }

  @Test
  void refusesAShortSharedSecretSayingWhatIsWrong() {
    CommandRun run =
        CommandRun.of(
            new TokenCommand(ConfigFactory.parseMap(Map.of("mesh.auth.hs256-secret", "short"))));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .isEqualTo(
            "MESH_JWT_SECRET has 5 bytes; an HS256 secret needs at least 32, and a node refuses"
                + " to start with a shorter one");
  }

  @Test
  void mintsWithASharedSecretOfEnoughBytes() throws Exception {
    String secret = "0123456789abcdef0123456789abcdef";

    CommandRun run =
        CommandRun.of(
            new TokenCommand(ConfigFactory.parseMap(Map.of("mesh.auth.hs256-secret", secret))));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(
            TokenVerifier.hs256(secret.getBytes(StandardCharsets.UTF_8), "", "")
                .verify(run.out().trim())
                .tenant())
        .isEqualTo("dev");
    assertThat(dataDir).isEmptyDirectory();
  }
}
