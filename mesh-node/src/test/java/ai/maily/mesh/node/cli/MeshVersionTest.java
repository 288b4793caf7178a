package ai.maily.mesh.edge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.Main;
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
