package ai.maily.mesh.edge.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A close carries a code an endpoint may send and a reason that fits a close frame. */
class OutgoingTest {

  @Test
  void cutsALongReasonToWholeCharactersWithinACloseFrame() {
    String reason = "Subscriber for " + "é".repeat(100) + " already exists";

    String fitted = new Outgoing.Close(4409, reason).reason();

    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(123);
    assertThat(reason).startsWith(fitted);
    assertThat(fitted).endsWith("é");
  }

  @Test
  void keepsAShortReasonAsItIs() {
    assertThat(new Outgoing.Close(4403, "Forbidden").reason()).isEqualTo("Forbidden");
  }

  @Test
  void refusesACodeNoEndpointSends() {
    assertThatThrownBy(() -> new Outgoing.Close(999, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Outgoing.Close(5000, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
