package ai.maily.mesh.agents.llm;

import com.typesafe.config.Config;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The optional language model's settings, from {@code mesh.ai.llm}; see the agents module's {@code
 * reference.conf} for what each means.
 *
 * @param baseUrl the API's base (e.g. {@code http://127.0.0.1:11434/v1}); empty when no model is
 *     configured
 * @param model the model the server runs
 * @param apiKey the bearer token, empty for none
 * @param connectTimeout bounds opening a connection
 * @param firstTokenTimeout bounds the wait from sending a request to the first event of its answer
 * @param callTimeout bounds a whole call
 * @param structuredOutput how JSON answers are asked for
 * @param maxResponseSize the most characters an answer's stream or error body may hold
 * @param maxRetryAfter caps how long a 429's {@code Retry-After} holds calls back
 * @param draftInterval the least time between two drafts relayed to the canvas
 * @param breakerFailureThreshold consecutive failed calls that open the breaker
 * @param breakerResetTimeout how long the breaker stays open before a trial call
 * @param breakerHalfOpenTrials trial calls let through when half-open
 */
public record LanguageModelSettings(
    Optional<URI> baseUrl,
    String model,
    String apiKey,
    Duration connectTimeout,
    Duration firstTokenTimeout,
    Duration callTimeout,
    StructuredOutputMode structuredOutput,
    long maxResponseSize,
    Duration maxRetryAfter,
    Duration draftInterval,
    int breakerFailureThreshold,
    Duration breakerResetTimeout,
    int breakerHalfOpenTrials) {

  /** How a JSON answer is asked for in {@code response_format}. */
  public enum StructuredOutputMode {
    /** {@code {"type": "json_schema", ...}} with the agent's schema. */
    JSON_SCHEMA,
    /** {@code {"type": "json_object"}}, for servers that refuse json_schema. */
    JSON_OBJECT
  }

  public LanguageModelSettings {
    if (baseUrl.isPresent() && model.isBlank()) {
      throw new IllegalArgumentException("mesh.ai.llm.model must be set when base-url is");
    }
    if (!positive(connectTimeout)
        || !positive(firstTokenTimeout)
        || callTimeout.compareTo(firstTokenTimeout) < 0) {
      throw new IllegalArgumentException(
          "mesh.ai.llm timeouts out of range: connect-timeout > 0,"
              + " 0 < first-token-timeout <= call-timeout");
    }
    if (maxResponseSize < 1024
        || maxRetryAfter.isNegative()
        || draftInterval.isNegative()
        || breakerFailureThreshold < 1
        || breakerResetTimeout.isNegative()
        || breakerHalfOpenTrials < 1) {
      throw new IllegalArgumentException(
          "mesh.ai.llm settings out of range: max-response-size >= 1KiB, max-retry-after >= 0,"
              + " draft-interval >= 0, breaker.failure-threshold >= 1,"
              + " breaker.reset-timeout >= 0, breaker.half-open-trials >= 1");
    }
  }

  /** The settings in {@code config}'s {@code mesh.ai.llm} section. */
  public static LanguageModelSettings fromConfig(Config config) {
    Config llm = config.getConfig("mesh.ai.llm");
    return new LanguageModelSettings(
        baseUrl(llm.getString("base-url").trim()),
        llm.getString("model").trim(),
        llm.getString("api-key").trim(),
        llm.getDuration("connect-timeout"),
        llm.getDuration("first-token-timeout"),
        llm.getDuration("call-timeout"),
        structuredOutput(llm.getString("structured-output")),
        llm.getBytes("max-response-size"),
        llm.getDuration("max-retry-after"),
        llm.getDuration("draft-interval"),
        llm.getInt("breaker.failure-threshold"),
        llm.getDuration("breaker.reset-timeout"),
        llm.getInt("breaker.half-open-trials"));
  }

  /** True when a language model is configured. */
  public boolean enabled() {
    return baseUrl.isPresent();
  }

  /** Where chat completions are requested: {@code <base-url>/chat/completions}. */
  public URI chatCompletionsUri() {
    String base =
        baseUrl.orElseThrow(() -> new IllegalStateException("no mesh.ai.llm.base-url")).toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
  }

  /** These settings on another server, for tests that start one. */
  public LanguageModelSettings withBaseUrl(URI url) {
    return new LanguageModelSettings(
        Optional.of(url),
        model,
        apiKey,
        connectTimeout,
        firstTokenTimeout,
        callTimeout,
        structuredOutput,
        maxResponseSize,
        maxRetryAfter,
        draftInterval,
        breakerFailureThreshold,
        breakerResetTimeout,
        breakerHalfOpenTrials);
  }

  /** Everything but the API key, which must never reach a log. */
  @Override
  public String toString() {
    return "LanguageModelSettings[baseUrl="
        + baseUrl.map(URI::toString).orElse("")
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isEmpty() ? "" : "(set)")
        + ", connectTimeout="
        + connectTimeout
        + ", firstTokenTimeout="
        + firstTokenTimeout
        + ", callTimeout="
        + callTimeout
        + ", structuredOutput="
        + structuredOutput
        + "]";
  }

  private static boolean positive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }

  private static Optional<URI> baseUrl(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("mesh.ai.llm.base-url is not a URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "mesh.ai.llm.base-url must be an http(s) URL with a host and no query, fragment or"
              + " credentials (the key goes in api-key), e.g. http://127.0.0.1:11434/v1");
    }
    return Optional.of(uri);
  }

  private static StructuredOutputMode structuredOutput(String value) {
    return switch (value.trim()) {
      case "json-schema" -> StructuredOutputMode.JSON_SCHEMA;
      case "json-object" -> StructuredOutputMode.JSON_OBJECT;
      default ->
          throw new IllegalArgumentException(
              "mesh.ai.llm.structured-output must be json-schema or json-object, got '"
                  + value
                  + "'");
    };
  }
}
