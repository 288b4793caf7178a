package ai.maily.mesh.analytics.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The distributions against values SciPy computed ({@code reference.py} beside the JSON). */
class StatsReferenceTest {

  private static final JsonNode REFERENCE = load();

  private static JsonNode load() {
    try (InputStream in = StatsReferenceTest.class.getResourceAsStream("reference.json")) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Stream<JsonNode> cases(String name) {
    return StreamSupport.stream(REFERENCE.get(name).spliterator(), false);
  }

  static Stream<JsonNode> logGamma() {
    return cases("log_gamma");
  }

  static Stream<JsonNode> betaCdf() {
    return cases("beta_cdf");
  }

  static Stream<JsonNode> betaQuantile() {
    return cases("beta_quantile");
  }

  static Stream<JsonNode> betaBinomialInterval() {
    return cases("beta_binomial_interval");
  }

  static Stream<JsonNode> normalCdf() {
    return cases("normal_cdf");
  }

  static Stream<JsonNode> normalQuantile() {
    return cases("normal_quantile");
  }

  @ParameterizedTest
  @MethodSource
  void logGamma(JsonNode c) {
    double expected = c.get("value").asDouble();
    assertThat(LogGamma.of(c.get("x").asDouble()))
        .isCloseTo(expected, within(1e-13 * Math.max(1, Math.abs(expected))));
  }

  @ParameterizedTest
  @MethodSource
  void betaCdf(JsonNode c) {
    BetaDistribution beta = new BetaDistribution(c.get("a").asDouble(), c.get("b").asDouble());
    assertThat(beta.cdf(c.get("x").asDouble())).isCloseTo(c.get("value").asDouble(), within(1e-9));
  }

  @ParameterizedTest
  @MethodSource
  void betaQuantile(JsonNode c) {
    BetaDistribution beta = new BetaDistribution(c.get("a").asDouble(), c.get("b").asDouble());
    assertThat(beta.quantile(c.get("p").asDouble()))
        .isCloseTo(c.get("value").asDouble(), within(1e-10));
  }

  @ParameterizedTest
  @MethodSource
  void betaBinomialInterval(JsonNode c) {
    BetaBinomial distribution =
        new BetaBinomial(c.get("n").asLong(), c.get("a").asDouble(), c.get("b").asDouble());
    Estimate interval = distribution.interval(c.get("level").asDouble());
    assertThat(interval.value()).isCloseTo(c.get("mean").asDouble(), within(1e-6));
    assertThat(interval.low()).isEqualTo(c.get("low").asDouble());
    assertThat(interval.high()).isEqualTo(c.get("high").asDouble());
  }

  @ParameterizedTest
  @MethodSource
  void normalCdf(JsonNode c) {
    double expected = c.get("value").asDouble();
    // The Chebyshev fit holds 1.2e-7 relative to the smaller tail.
    double tail = Math.min(expected, 1 - expected);
    assertThat(Normal.cdf(c.get("z").asDouble()))
        .isCloseTo(expected, within(Math.max(1e-7 * tail, 1e-15)));
  }

  @ParameterizedTest
  @MethodSource
  void normalQuantile(JsonNode c) {
    double expected = c.get("value").asDouble();
    assertThat(Normal.quantile(c.get("p").asDouble()))
        .isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
  }
}
