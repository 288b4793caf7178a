package ai.maily.mesh.agents.llm;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call to a chat-completions server: sends the request, reads the answer line by line as it
 * arrives (a stream of server-sent events, an answer sent whole, or an error body), hands the text
 * on as it comes, and completes once with the answer or a {@link LanguageModelFailure}. Two timers
 * bound it: one until the answer's first event, one for the whole call; a call that ends early
 * cancels its exchange, which closes the connection.
 */
final class ChatCall {

  private static final Logger LOG = LoggerFactory.getLogger(ChatCall.class);

  /** How the response's body is read, decided by its status and content type. */
  private enum Body {
    /** {@code text/event-stream}: the streamed answer. */
    STREAM,
    /** {@code application/json}: an answer sent whole. */
    WHOLE,
    /** Any status but 2xx: an error to describe. */
    ERROR
  }

  private final CallOptions options;
  private final TokenListener listener;
  private final int estimatedPromptTokens;
  private final CompletableFuture<Completion> result = new CompletableFuture<>();
  private final ChatStream stream = new ChatStream(this::deliver);
  private final SseParser parser = new SseParser();
  private final StringBuilder text = new StringBuilder();

  // Set when the response's head arrives; the body's reading, one signal at a time, follows.
  private volatile Body body;
  private volatile int status;
  private volatile String retryAfter = "";
  private volatile long delivered;
  private long received;
  private boolean began;

  // The lock guards what the timers' thread touches too: whether the call is settled (after which
  // the listener hears nothing more), the exchange, the subscription and the timers.
  private boolean settled;
  private boolean bodyEnded;
  private CompletableFuture<?> exchange;
  private Flow.Subscription subscription;
  private ScheduledFuture<?> firstEventTimer;
  private ScheduledFuture<?> callTimer;

  /**
   * What bounds a call.
   *
   * @param firstEventTimeout the wait for the answer's first event
   * @param callTimeout the wait for the whole answer
   * @param maxResponseChars the most characters the response's body may hold
   * @param maxRetryAfter the longest {@code Retry-After} reported
   * @param clock to read HTTP dates against
   */
  record CallOptions(
      Duration firstEventTimeout,
      Duration callTimeout,
      long maxResponseChars,
      Duration maxRetryAfter,
      Clock clock) {}

  ChatCall(CallOptions options, TokenListener listener, int estimatedPromptTokens) {
    this.options = options;
    this.listener = listener;
    this.estimatedPromptTokens = estimatedPromptTokens;
  }

  /** Sends {@code request} and returns the stage of its answer. */
  CompletionStage<Completion> start(
      HttpClient http, HttpRequest request, ScheduledExecutorService timers) {
    synchronized (this) {
      firstEventTimer =
          timeout(timers, options.firstEventTimeout(), "no answer began within %d ms");
      callTimer = timeout(timers, options.callTimeout(), "the answer took longer than %d ms");
    }
    CompletableFuture<?> sent = http.sendAsync(request, this::onResponse);
    sent.whenComplete(
        (response, error) -> {
          if (error != null) {
            broke(error);
          }
        });
    synchronized (this) {
      exchange = sent;
      if (result.isCompletedExceptionally()) {
        sent.cancel(true);
      }
    }
    result.whenComplete((completion, error) -> end(error != null));
    return result;
  }

  private ScheduledFuture<?> timeout(
      ScheduledExecutorService timers, Duration after, String message) {
    return timers.schedule(
        () ->
            fail(
                new LanguageModelFailure(
                    Reason.TIMEOUT, String.format(Locale.ROOT, message, after.toMillis()))),
        after.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  private BodySubscriber<Void> onResponse(HttpResponse.ResponseInfo info) {
    status = info.statusCode();
    retryAfter = info.headers().firstValue("Retry-After").orElse("");
    String contentType =
        info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    if (status / 100 != 2) {
      body = Body.ERROR;
    } else if (contentType.startsWith("text/event-stream")) {
      body = Body.STREAM;
    } else if (contentType.startsWith("application/json")) {
      body = Body.WHOLE;
    } else {
      fail(
          new LanguageModelFailure(
              Reason.MALFORMED_RESPONSE,
              "the server answered " + status + " with content type '" + contentType + "'",
              status,
              null));
      return BodySubscribers.replacing(null);
    }
    if (body != Body.STREAM) {
      cancelFirstEventTimer();
    }
    return BodySubscribers.fromLineSubscriber(
        new Lines(), lines -> null, StandardCharsets.UTF_8, null);
  }

  /** Reads the body one line at a time, so that a stream is handled as it arrives. */
  private final class Lines implements Flow.Subscriber<String> {

    @Override
    public void onSubscribe(Flow.Subscription s) {
      synchronized (ChatCall.this) {
        subscription = s;
        if (result.isCompletedExceptionally()) {
          s.cancel();
          return;
        }
      }
      s.request(1);
    }

    @Override
    public void onNext(String line) {
      try {
        read(line);
      } catch (LanguageModelFailure failure) {
        fail(failure);
      } catch (RuntimeException e) {
        fail(new LanguageModelFailure(Reason.MALFORMED_RESPONSE, "unreadable answer: " + e));
      }
      Flow.Subscription s;
      synchronized (ChatCall.this) {
        s = subscription;
      }
      // Once the answer is settled the rest of the body is read and dropped, which leaves the
      // connection fit for the next call; a failed call cancelled the subscription already.
      s.request(1);
    }

    @Override
    public void onError(Throwable error) {
      markBodyEnded();
      if (body == Body.STREAM && stream.complete()) {
        // The answer was whole (a finish reason came); only the stream's end was lost.
        succeed();
      } else {
        broke(error);
      }
    }

    @Override
    public void onComplete() {
      markBodyEnded();
      ended();
    }
  }

  private void read(String line) {
    if (result.isDone()) {
      return;
    }
    received += line.length() + 1;
    if (received > options.maxResponseChars()) {
      throw new LanguageModelFailure(
          Reason.MALFORMED_RESPONSE,
          "the answer is longer than " + options.maxResponseChars() + " characters",
          status,
          null);
    }
    if (body != Body.STREAM) {
      text.append(line).append('\n');
      return;
    }
    var event = parser.line(line);
    if (event.isEmpty()) {
      return;
    }
    if (!began) {
      began = true;
      cancelFirstEventTimer();
    }
    stream.event(event.get());
    if (stream.done()) {
      succeed();
    }
  }

  /** The body ended cleanly. */
  private void ended() {
    if (result.isDone()) {
      return;
    }
    try {
      switch (body) {
        case STREAM -> {
          if (stream.complete()) {
            succeed();
          } else {
            fail(
                new LanguageModelFailure(
                    Reason.STREAM_ENDED_EARLY,
                    "the stream ended before the answer was complete" + after(" (after ", ")"),
                    status,
                    null));
          }
        }
        case WHOLE -> {
          stream.wholeAnswer(text.toString());
          succeed();
        }
        case ERROR -> fail(errorStatus(ErrorBody.describe(text.toString())));
      }
    } catch (LanguageModelFailure failure) {
      fail(failure);
    }
  }

  /**
   * The exchange failed: no connection, or one that broke. Called from the client's threads, it
   * reads nothing the body's reading writes but the volatile head and count of delivered text.
   */
  private void broke(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (result.isDone()) {
      return;
    }
    if (cause instanceof LanguageModelFailure failure) {
      fail(failure);
    } else if (cause instanceof HttpConnectTimeoutException) {
      fail(new LanguageModelFailure(Reason.TIMEOUT, "could not connect: " + cause.getMessage()));
    } else if (cause instanceof HttpTimeoutException) {
      fail(new LanguageModelFailure(Reason.TIMEOUT, "the server did not answer in time"));
    } else if (body == Body.STREAM || body == Body.WHOLE) {
      fail(
          new LanguageModelFailure(
              Reason.STREAM_ENDED_EARLY,
              "the answer broke off" + after(" after ", "") + ": " + describe(cause),
              status,
              null));
    } else if (body == Body.ERROR) {
      fail(errorStatus("the error's body broke off: " + describe(cause)));
    } else {
      fail(
          new LanguageModelFailure(
              Reason.CONNECTION_FAILED, "could not reach the server: " + describe(cause)));
    }
  }

  private LanguageModelFailure errorStatus(String description) {
    if (status == 429) {
      return new LanguageModelFailure(
          Reason.RATE_LIMITED,
          "the server is limiting calls (429): " + description,
          status,
          RetryAfter.parse(retryAfter, options.clock().instant(), options.maxRetryAfter())
              .orElse(null));
    }
    if (status >= 500) {
      return new LanguageModelFailure(
          Reason.SERVER_ERROR, "the server failed (" + status + "): " + description, status, null);
    }
    if (status >= 400) {
      return new LanguageModelFailure(
          Reason.REFUSED,
          "the server refused the request (" + status + "): " + description,
          status,
          null);
    }
    return new LanguageModelFailure(
        Reason.MALFORMED_RESPONSE,
        "the server answered with status " + status + ": " + description,
        status,
        null);
  }

  private synchronized void deliver(String delta) {
    if (settled) {
      return;
    }
    delivered += delta.length();
    try {
      listener.onToken(delta);
    } catch (RuntimeException e) {
      LOG.warn("a token listener failed; the answer goes on without it", e);
    }
  }

  // The result completes outside the lock: its dependents (the caller's) run on this thread.
  private void succeed() {
    Completion completion;
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
      completion = stream.completion(estimatedPromptTokens);
      try {
        listener.onComplete(completion.text());
      } catch (RuntimeException e) {
        LOG.warn("a token listener failed at the end of the answer", e);
      }
    }
    result.complete(completion);
  }

  private void fail(LanguageModelFailure failure) {
    synchronized (this) {
      if (settled) {
        return;
      }
      settled = true;
    }
    result.completeExceptionally(failure);
  }

  private synchronized void markBodyEnded() {
    bodyEnded = true;
  }

  /**
   * Stops the timers and, when the call failed while its body was still coming, the exchange. A
   * body read to its end leaves the connection fit for the next call.
   */
  private synchronized void end(boolean failed) {
    firstEventTimer.cancel(false);
    callTimer.cancel(false);
    if (failed && !bodyEnded) {
      if (subscription != null) {
        subscription.cancel();
      }
      if (exchange != null) {
        exchange.cancel(true);
      }
    }
  }

  private synchronized void cancelFirstEventTimer() {
    firstEventTimer.cancel(false);
  }

  /** How much text was handed on, between {@code before} and {@code after}; empty for none. */
  private String after(String before, String after) {
    long chars = delivered;
    return chars == 0 ? "" : before + chars + " characters" + after;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    String name = error instanceof IOException ? "" : error.getClass().getSimpleName() + ": ";
    return name + (message == null ? error.getClass().getSimpleName() : message);
  }
}
