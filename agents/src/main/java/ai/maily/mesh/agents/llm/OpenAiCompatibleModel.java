package ai.maily.mesh.agents.llm;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LanguageModel} behind an OpenAI-compatible chat-completions API (OpenAI, Ollama, vLLM,
 * ...), called with the JDK's non-blocking HTTP client and answered as a stream of server-sent
 * events (ADR 0028).
 *
 * <p>A circuit breaker stands in front of the server: 5xx, 429, timeouts, broken or malformed
 * answers and a refused key count as failures, and while it is open calls fail at once with {@link
 * Reason#CIRCUIT_OPEN}. A 429's {@code Retry-After} holds calls back until it has passed. The model
 * itself never retries: its callers have a local fallback, which serves better than a late answer.
 */
public final class OpenAiCompatibleModel implements LanguageModel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleModel.class);

  private final LanguageModelSettings settings;
  private final Clock clock;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor timers;
  private final CircuitBreaker breaker;
  private final AtomicReference<Instant> heldBackUntil = new AtomicReference<>(Instant.MIN);
  private final AtomicReference<LanguageModelStatus.Failure> lastFailure = new AtomicReference<>();

  private OpenAiCompatibleModel(LanguageModelSettings settings, Clock clock) {
    if (!settings.enabled()) {
      throw new IllegalArgumentException("mesh.ai.llm.base-url is not set");
    }
    this.settings = settings;
    this.clock = clock;
    // HTTP/1.1: an answer is one long response, and servers differ in how they take the upgrade
    // to cleartext HTTP/2 that the client would otherwise try with every request's body.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timers =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "mesh-llm-timeouts");
              thread.setDaemon(true);
              return thread;
            });
    timers.setRemoveOnCancelPolicy(true);
    this.breaker =
        new CircuitBreaker(
            "llm",
            settings.breakerFailureThreshold(),
            settings.breakerResetTimeout(),
            settings.breakerHalfOpenTrials(),
            clock,
            transition ->
                LOG.warn(
                    "language model circuit {} -> {}: {}",
                    transition.from(),
                    transition.to(),
                    transition.reason()));
  }

  /** A model on the server {@code settings} name. */
  public static OpenAiCompatibleModel create(LanguageModelSettings settings) {
    return create(settings, Clock.systemUTC());
  }

  /** A model whose breaker and {@code Retry-After} read {@code clock}, so tests can move it. */
  public static OpenAiCompatibleModel create(LanguageModelSettings settings, Clock clock) {
    return new OpenAiCompatibleModel(settings, clock);
  }

  @Override
  public String modelName() {
    return settings.model();
  }

  @Override
  public CompletionStage<Completion> complete(ChatRequest request, TokenListener listener) {
    try {
      Instant now = clock.instant();
      Instant until = heldBackUntil.get();
      if (now.isBefore(until)) {
        return CompletableFuture.failedFuture(
            new LanguageModelFailure(
                Reason.RATE_LIMITED,
                "the server asked for no calls until " + until + " (429)",
                0,
                Duration.between(now, until)));
      }
      if (!breaker.tryAcquire()) {
        CircuitBreaker.Snapshot state = breaker.snapshot();
        return CompletableFuture.failedFuture(
            new LanguageModelFailure(
                Reason.CIRCUIT_OPEN,
                "the language model's circuit is open since "
                    + state.openedAt()
                    + " after "
                    + state.consecutiveFailures()
                    + " failed calls"));
      }
      return send(request, listener);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new LanguageModelFailure(
              Reason.CONNECTION_FAILED, "the call could not be made: " + e.getMessage()));
    }
  }

  /** Makes the call the breaker let through, and reports how it went. */
  private CompletionStage<Completion> send(ChatRequest request, TokenListener listener) {
    CompletionStage<Completion> answer;
    try {
      ChatCall call =
          new ChatCall(
              new ChatCall.CallOptions(
                  settings.firstTokenTimeout(),
                  settings.callTimeout(),
                  settings.maxResponseSize(),
                  settings.maxRetryAfter(),
                  clock),
              listener,
              TokenEstimate.promptTokens(request));
      answer = call.start(http, httpRequest(request), timers);
    } catch (RuntimeException e) {
      // Never sent (the model is closed): nothing learned about the server.
      breaker.release();
      throw e;
    }
    return answer.whenComplete(this::settle);
  }

  /** The breaker's state, for health details. */
  public CircuitBreaker.Snapshot breaker() {
    return breaker.snapshot();
  }

  /** The model, its breaker and its last failed call, for health details. */
  public LanguageModelStatus status() {
    return new LanguageModelStatus(true, settings.model(), breaker.snapshot(), lastFailure.get());
  }

  /** Stops the timers; calls still in flight are left to the HTTP client. */
  @Override
  public void close() {
    timers.shutdownNow();
  }

  private HttpRequest httpRequest(ChatRequest request) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(settings.chatCompletionsUri())
            .header("Content-Type", "application/json")
            .header("Accept", "text/event-stream")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    ChatRequestBody.render(
                        settings.model(), request, settings.structuredOutput())));
    if (!settings.apiKey().isEmpty()) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder.build();
  }

  /** Tells the breaker how the call went, and holds calls back after a 429 that asks it. */
  private void settle(Completion completion, Throwable error) {
    if (error == null) {
      breaker.onSuccess();
      return;
    }
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    lastFailure.set(
        new LanguageModelStatus.Failure(
            cause instanceof LanguageModelFailure failure ? failure.reason().name() : "OTHER",
            String.valueOf(cause.getMessage()),
            clock.instant()));
    if (!(cause instanceof LanguageModelFailure failure)) {
      breaker.onFailure(String.valueOf(cause));
      return;
    }
    failure
        .retryAfter()
        .ifPresent(
            wait -> {
              Instant until = clock.instant().plus(wait);
              heldBackUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
            });
    if (saysServerIsUnfit(failure)) {
      breaker.onFailure(failure.getMessage());
    } else {
      // The server works and refused this one request (too long, say): no sign either way.
      breaker.release();
    }
  }

  /** Every failure but a request refused for what it asked; a refused key counts. */
  private static boolean saysServerIsUnfit(LanguageModelFailure failure) {
    if (failure.reason() != Reason.REFUSED) {
      return true;
    }
    int status = failure.status();
    return status == 401 || status == 403 || status == 404;
  }
}
