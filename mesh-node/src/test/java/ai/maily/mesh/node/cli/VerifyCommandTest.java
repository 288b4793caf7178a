package ai.maily.mesh.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.trust.checkpoint.NoteSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {

  private static final String KEY = NoteSigner.generate("test-log").verifier().verifierKey();

  @TempDir Path dir;

  @Test
  void aDirectoryGivenAsTheEmailIsNamedAndSaidToBeOne() {
    CommandRun run = CommandRun.of(new VerifyCommand(), "--key", KEY, dir.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("cannot read " + dir + ": it is a directory");
  }

  @Test
  void aMissingEmailIsNamedAndSaidToBeMissing() {
    Path missing = dir.resolve("signed.eml");

    CommandRun run = CommandRun.of(new VerifyCommand(), "--key", KEY, missing.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("cannot read " + missing + ": no such file");
  }

  @Test
  void aMissingKeyFileIsNamedRatherThanTheEmail() throws Exception {
    Path email = Files.writeString(dir.resolve("signed.eml"), "From: a@b.c\r\n\r\nHi\r\n");
    Path key = dir.resolve("log.pub");

    CommandRun run =
        CommandRun.of(new VerifyCommand(), "--key-file", key.toString(), email.toString());

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("cannot read " + key + ": no such file");
  }
}
