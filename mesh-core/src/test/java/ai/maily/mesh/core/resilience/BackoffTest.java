package ai.maily.mesh.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class BackoffTest {

  private static final double ALMOST_ONE = Math.nextDown(1.0);

  private static Backoff backoff(double random) {
    return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> random);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 100",
    "2, 200",
    "3, 400",
    "4, 800",
    "5, 1000",
    "6, 1000",
    "31, 1000",
    "1000, 1000"
  })
  void ceilingsDoubleFromMinAndCapAtMax(int retry, long ceilingMs) {
    assertThat(backoff(0.5).ceiling(retry)).isEqualTo(Duration.ofMillis(ceilingMs));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 100})
  void theLowestRandomGivesNoDelay(int retry) {
    assertThat(backoff(0.0).delay(retry)).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 100})
  void theHighestRandomGivesTheCeilingAndNoMore(int retry) {
    Backoff backoff = backoff(ALMOST_ONE);

    assertThat(backoff.delay(retry)).isEqualTo(backoff.ceiling(retry));
  }

  @Test
  void aMiddleRandomGivesADelayInsideTheRange() {
    assertThat(backoff(0.5).delay(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(backoff(0.999).delay(3)).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void equalMinAndMaxGiveAFixedCeiling() {
    Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2), () -> 0.0);

    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(40)).isEqualTo(Duration.ofSeconds(2));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void rejectsARetryNumberBelowOne(int retry) {
    Backoff backoff = backoff(0.5);

    assertThatThrownBy(() -> backoff.ceiling(retry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(retry));
    assertThatThrownBy(() -> backoff.delay(retry)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsMinAboveMax() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2S")
        .hasMessageContaining("PT1S");
  }

  @Test
  void rejectsANegativeMin() {
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), () -> 0.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The doubling must saturate at max however large min is, never wrap around below min. */
  @Test
  void ceilingStaysAtMaxWhenDoublingOverflows() {
    Duration huge = Duration.ofMillis(1L << 40);
    Backoff backoff = new Backoff(huge, huge, () -> 0.0);

    assertThat(backoff.ceiling(31)).isEqualTo(huge);
  }
}
