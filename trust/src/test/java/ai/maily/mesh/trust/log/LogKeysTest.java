package ai.maily.mesh.trust.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.trust.checkpoint.NoteSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogKeysTest {

  @TempDir Path dir;

  @Test
  void generatesTheKeyOnFirstStartReadableByTheOwnerOnly() throws Exception {
    Path file = dir.resolve("trust").resolve("log-signing.key");

    NoteSigner signer = LogKeys.loadOrCreate(file, "maily.ai/log", true);

    assertThat(signer.name()).isEqualTo("maily.ai/log");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("PRIVATE+KEY+maily.ai/log+");
  }

  @Test
  void reusesTheKeyOnRestart() {
    Path file = dir.resolve("log-signing.key");

    NoteSigner first = LogKeys.loadOrCreate(file, "maily.ai/log", true);
    NoteSigner second = LogKeys.loadOrCreate(file, "maily.ai/log", true);

    assertThat(second.verifier()).isEqualTo(first.verifier());
  }

  @Test
  void neverGeneratesAMissingMountedSecret() {
    assertThatThrownBy(() -> LogKeys.loadOrCreate(dir.resolve("secret.key"), "maily.ai/log", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist");
    assertThat(dir.resolve("secret.key")).doesNotExist();
  }

  @Test
  void refusesAKeyNamedForAnotherLogOrNoKeyAtAll() throws Exception {
    Path file = dir.resolve("log-signing.key");
    LogKeys.loadOrCreate(file, "other.log", true);
    Path garbage = Files.writeString(dir.resolve("garbage.key"), "hello");

    assertThatThrownBy(() -> LogKeys.loadOrCreate(file, "maily.ai/log", false))
        .hasMessageContaining("is named other.log but the log's origin is maily.ai/log");
    assertThatThrownBy(() -> LogKeys.loadOrCreate(garbage, "maily.ai/log", false))
        .hasMessageContaining("holds no valid signer key");
  }
}
