package ai.maily.mesh.agents.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration CAP = Duration.ofMinutes(1);

  @Test
  void readsSeconds() {
    assertThat(RetryAfter.parse(" 7 ", NOW, CAP)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("0", NOW, CAP)).contains(Duration.ZERO);
  }

  @Test
  void readsAnHttpDate() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 2026 00:00:30 GMT", NOW, CAP))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Wed, 31 Dec 2025 23:59:00 GMT", NOW, CAP)).contains(Duration.ZERO);
  }

  @Test
  void capsLongWaits() {
    assertThat(RetryAfter.parse("3600", NOW, CAP)).contains(CAP);
    assertThat(RetryAfter.parse("99999999999999999999", NOW, CAP)).contains(CAP);
  }

  @Test
  void ignoresAnythingElse() {
    assertThat(RetryAfter.parse("", NOW, CAP)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW, CAP)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW, CAP)).isEmpty();
  }
}
