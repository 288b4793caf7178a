package ai.maily.mesh.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.node.Main;
import org.junit.jupiter.api.Test;

class MeshVersionTest {

  @Test
  void theVersionOptionPrintsTheProjectVersion() {
    CommandRun run = CommandRun.of(new Main(), "-V");

    assertThat(run.exit()).isZero();
    assertThat(run.out().trim()).matches("maily-mesh \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void subcommandsPrintTheSameVersion() {
    assertThat(CommandRun.of(new TokenCommand(), "-V").out())
        .isEqualTo(CommandRun.of(new Main(), "-V").out())
        .isEqualTo(CommandRun.of(new VerifyCommand(), "-V").out());
  }
}
