package ai.maily.mesh.core.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RejectedWritesTest {

  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void givesTheWaitingClientOnceAndNobodyAfterTheWriteIsStored() {
    TestProbe<String> client = testKit.createTestProbe();
    RejectedWrites<String> writes = new RejectedWrites<>();

    writes.writing(client.ref());
    assertThat(writes.takeWaiting()).contains(client.ref());
    assertThat(writes.takeWaiting()).isEmpty();

    writes.writing(client.ref());
    writes.written();
    assertThat(writes.takeWaiting()).isEmpty();
  }

  @Test
  void givesTheSerializersOwnWordsWithoutItsWrappers() {
    Throwable rejected =
        new IllegalStateException(
            "Rejected event",
            new IOException(
                "wrapped",
                new JsonGenerationException("Invalid surrogate pair", (JsonGenerator) null)));

    assertThat(RejectedWrites.reason(rejected)).isEqualTo("Invalid surrogate pair");
    assertThat(RejectedWrites.reason(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }
}
