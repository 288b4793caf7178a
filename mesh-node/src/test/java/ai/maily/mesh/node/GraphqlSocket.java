package ai.maily.mesh.node;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A graphql-transport-ws client on the JDK's WebSocket: sends JSON messages, and hands out the
 * server's messages in order (server pings left out) and the code it closed with.
 */
final class GraphqlSocket implements AutoCloseable {

  /** How long a message or the close may take to come before a test fails. */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> received;
  private final CompletableFuture<Integer> closed;

  private GraphqlSocket(
      WebSocket socket, BlockingQueue<JsonNode> received, CompletableFuture<Integer> closed) {
    this.socket = socket;
    this.received = received;
    this.closed = closed;
  }

  /** Opens {@code /graphql/ws} of {@code node} (with {@code query}, e.g. {@code ?token=...}). */
  static GraphqlSocket open(TestNode node, String query) {
    BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    URI uri = URI.create("ws://127.0.0.1:" + node.node().httpPort() + "/graphql/ws" + query);
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("graphql-transport-ws")
            .buildAsync(uri, new Listener(received, closed))
            .orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .join();
    return new GraphqlSocket(socket, received, closed);
  }

  /** Sends {@code message} as one JSON text frame. */
  GraphqlSocket send(Map<String, ?> message) {
    socket.sendText(Json.MAPPER.valueToTree(message).toString(), true).join();
    return this;
  }

  /** Sends {@code connection_init} with a bearer token, and waits for {@code connection_ack}. */
  GraphqlSocket init(String token) {
    send(Map.of("type", "connection_init", "payload", Map.of("authorization", "Bearer " + token)));
    JsonNode ack = next();
    if (!ack.path("type").asText().equals("connection_ack")) {
      throw new AssertionError("expected connection_ack, got " + ack);
    }
    return this;
  }

  /** Subscribes to {@code query} under {@code id}. */
  GraphqlSocket subscribe(String id, String query, Map<String, ?> variables) {
    return send(
        Map.of(
            "type",
            "subscribe",
            "id",
            id,
            "payload",
            Map.of("query", query, "variables", variables)));
  }

  /** The server's next message; fails when none comes in time. */
  JsonNode next() {
    try {
      JsonNode message = received.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message from the server within " + PATIENCE);
      }
      return message;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The code the server closed the connection with, once it has. */
  int closeCode() {
    return closed.orTimeout(PATIENCE.toSeconds(), TimeUnit.SECONDS).join();
  }

  /** Closes the connection unless the server has; the JDK answers a server's close itself. */
  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }
  }

  private static final class Listener implements WebSocket.Listener {

    private final BlockingQueue<JsonNode> received;
    private final CompletableFuture<Integer> closed;
    private final StringBuilder partial = new StringBuilder();

    Listener(BlockingQueue<JsonNode> received, CompletableFuture<Integer> closed) {
      this.received = received;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = Json.MAPPER.readTree(partial.toString());
          if (!message.path("type").asText().equals("ping")) {
            received.add(message);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("the server sent no JSON: " + partial, e);
        }
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
