package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A WebSocket client of the live streams for tests: collects the server's JSON frames in order, and
 * how the server closed the connection. A client made {@link #paused()} reads nothing until told
 * to, so that the server sees a client that reads too slowly.
 */
final class LiveSocket implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(20);

  private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private LiveSocket(URI uri, Map<String, String> headers, String subprotocol, boolean paused) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    if (subprotocol != null) {
      builder.subprotocols(subprotocol);
    }
    this.socket = builder.buildAsync(uri, new Listener(paused)).join();
  }

  /** Connects with the token in the Authorization header. */
  static LiveSocket open(URI uri, String token) {
    return new LiveSocket(uri, Map.of("Authorization", "Bearer " + token), null, false);
  }

  /** Connects as a browser may, naming the token in the URI's {@code token} parameter. */
  static LiveSocket withQueryToken(URI uri, String token) {
    return new LiveSocket(URI.create(uri + "?token=" + token), Map.of(), null, false);
  }

  /** Connects as a browser may, naming the token in a {@code bearer.<jwt>} subprotocol. */
  static LiveSocket withSubprotocol(URI uri, String token) {
    return new LiveSocket(uri, Map.of(), "bearer." + token, false);
  }

  /** Connects without reading any frame until {@link #read(long)}. */
  static LiveSocket paused(URI uri, String token) {
    return new LiveSocket(uri, Map.of("Authorization", "Bearer " + token), null, true);
  }

  /** The HTTP status that refused the upgrade to {@code uri} with these headers. */
  static int refusedStatus(URI uri, Map<String, String> headers) {
    try {
      new LiveSocket(uri, headers, null, false).close();
      throw new AssertionError("the upgrade was accepted");
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
      return ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    }
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  void send(Object frame) {
    send(Json.MAPPER.valueToTree(frame).toString());
  }

  /** Lets {@code n} more frames in. */
  void read(long n) {
    socket.request(n);
  }

  /** The next frame; fails if none comes in time. */
  JsonNode next() {
    try {
      JsonNode frame = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError(
            "no frame within " + WAIT + (closed.isDone() ? "; closed " + closed.join() : ""));
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame of {@code type} within {@code wait}, skipping others; null if none came. */
  JsonNode poll(Duration wait, String type) {
    try {
      long deadline = System.nanoTime() + wait.toNanos();
      for (long left = wait.toNanos(); left > 0; left = deadline - System.nanoTime()) {
        JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
        if (frame != null && frame.path("type").asText().equals(type)) {
          return frame;
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame of {@code type}, skipping others that {@code skip} allows. */
  JsonNode next(String type, Predicate<JsonNode> skip) {
    while (true) {
      JsonNode frame = next();
      if (frame.path("type").asText().equals(type)) {
        return frame;
      }
      assertThat(skip.test(frame))
          .as("unexpected frame %s while waiting for %s", frame, type)
          .isTrue();
    }
  }

  /** The code the server closed the connection with. */
  int closeCode() {
    return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {

    private final boolean paused;
    private final StringBuilder text = new StringBuilder();

    Listener(boolean paused) {
      this.paused = paused;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      if (!paused) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          frames.add(Json.MAPPER.readTree(text.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        text.setLength(0);
      }
      if (!paused) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
