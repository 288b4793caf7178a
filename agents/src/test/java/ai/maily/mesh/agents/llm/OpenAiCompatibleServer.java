package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * An OpenAI-compatible chat-completions server that a test starts on a free loopback port: real
 * HTTP on Pekko HTTP, {@code POST /v1/chat/completions} with a JSON body, answers streamed as
 * server-sent events ({@code data: {chunk}\n\n} ... {@code data: [DONE]\n\n}, the usage chunk when
 * the request asks for it) or sent whole, and errors in OpenAI's shape. Each request takes the next
 * {@link Reply} the test queued; the requests are kept for the test to read.
 */
public final class OpenAiCompatibleServer extends AllDirectives implements AutoCloseable {

  /** A request as the server received it. */
  public record Received(Map<String, String> headers, JsonNode body) {

    /** The header's value, or empty; names are case-insensitive. */
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    /** The content of the message with {@code role}; fails when there is not exactly one. */
    public String message(String role) {
      List<String> contents = new ArrayList<>();
      body.path("messages")
          .forEach(
              message -> {
                if (message.path("role").asText().equals(role)) {
                  contents.add(message.path("content").asText());
                }
              });
      if (contents.size() != 1) {
        throw new AssertionError(
            "expected one " + role + " message, got " + contents.size() + " in " + body);
      }
      return contents.get(0);
    }
  }

  /** What the server answers to one request. */
  public static final class Reply {

    private final int status;
    private final String contentType;
    private final Map<String, String> headers;
    private final Function<JsonNode, List<Part>> body;
    private final CompletionStage<?> headGate;

    private Reply(
        int status,
        String contentType,
        Map<String, String> headers,
        Function<JsonNode, List<Part>> body,
        CompletionStage<?> headGate) {
      this.status = status;
      this.contentType = contentType;
      this.headers = headers;
      this.body = body;
      this.headGate = headGate;
    }

    /**
     * A streamed answer: an opening chunk with the assistant's role, one chunk per delta, a chunk
     * with {@code finish_reason}, the usage chunk if the request asked for it ({@code
     * prompt_tokens} {@value #PROMPT_TOKENS}, one completion token per delta), and {@code [DONE]}.
     */
    public static Reply stream(String... deltas) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>(chunks(request, "stop", deltas));
            if (request.path("stream_options").path("include_usage").asBoolean()) {
              parts.add(event(usageChunk(request, deltas.length)));
            }
            parts.add(event(ChatStream.DONE));
            return parts;
          });
    }

    /** A streamed answer whose server never reports usage, whatever the request asks. */
    public static Reply streamWithoutUsage(String... deltas) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>(chunks(request, "stop", deltas));
            parts.add(event(ChatStream.DONE));
            return parts;
          });
    }

    /** A streamed answer cut at {@code max_tokens}: {@code finish_reason} {@code length}. */
    public static Reply streamCutShort(String... deltas) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>(chunks(request, "length", deltas));
            parts.add(event(ChatStream.DONE));
            return parts;
          });
    }

    /** A stream of these raw {@code data} payloads, as they are, and nothing else. */
    public static Reply events(String... payloads) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>();
            for (String payload : payloads) {
              parts.add(event(payload));
            }
            return parts;
          });
    }

    /** A stream that sends these deltas and then ends cleanly, with no finish reason or [DONE]. */
    public static Reply endingEarly(String... deltas) {
      return sse(request -> openingAndDeltas(request, deltas));
    }

    /**
     * A stream that sends these deltas, waits for {@code gate} (the client has them), and then
     * drops the connection, mid-answer.
     */
    public static Reply droppingAfter(CompletionStage<?> gate, String... deltas) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>(openingAndDeltas(request, deltas));
            parts.add(new Wait(gate));
            parts.add(new Drop());
            return parts;
          });
    }

    /**
     * A whole answer whose last delta comes with the finish reason, and whose connection drops,
     * after {@code gate} (the client has the last delta, so the finish reason too), instead of
     * sending {@code [DONE]}.
     */
    public static Reply droppingBeforeDone(CompletionStage<?> gate, String... deltas) {
      return sse(
          request -> {
            int last = deltas.length - 1;
            List<Part> parts =
                new ArrayList<>(openingAndDeltas(request, Arrays.copyOf(deltas, last)));
            ObjectNode finish = envelope(request, "chat.completion.chunk");
            ObjectNode choice = finish.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta").put("content", deltas[last]);
            choice.put("finish_reason", "stop");
            parts.add(event(finish.toString()));
            parts.add(new Wait(gate));
            parts.add(new Drop());
            return parts;
          });
    }

    /** A stream that sends these deltas and then waits for {@code gate} before it goes on. */
    public static Reply stallingAfter(CompletionStage<?> gate, String... deltas) {
      return sse(
          request -> {
            List<Part> parts = new ArrayList<>(openingAndDeltas(request, deltas));
            parts.add(new Wait(gate));
            parts.add(event(ChatStream.DONE));
            return parts;
          });
    }

    /** An answer sent whole as {@code application/json}, as a server that ignores stream does. */
    public static Reply whole(String content) {
      return new Reply(
          200,
          "application/json",
          Map.of(),
          request -> {
            ObjectNode completion = envelope(request, "chat.completion");
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("finish_reason", "stop");
            completion
                .putObject("usage")
                .put("prompt_tokens", PROMPT_TOKENS)
                .put("completion_tokens", 1)
                .put("total_tokens", PROMPT_TOKENS + 1);
            return List.of(new Bytes(completion.toString()));
          },
          CompletableFuture.completedFuture(null));
    }

    /** An error in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static Reply error(int status, String type, String code, String message) {
      ObjectNode error = Json.MAPPER.createObjectNode();
      error
          .putObject("error")
          .put("message", message)
          .put("type", type)
          .putNull("param")
          .put("code", code);
      return new Reply(
          status,
          "application/json",
          Map.of(),
          request -> List.of(new Bytes(error.toString())),
          CompletableFuture.completedFuture(null));
    }

    /** A 429 with {@code Retry-After: retryAfter}, as OpenAI answers one. */
    public static Reply rateLimited(String retryAfter) {
      return error(429, "requests", "rate_limit_exceeded", "Rate limit reached for requests")
          .withHeader("Retry-After", retryAfter);
    }

    /** A body of any content type, as it is. */
    public static Reply raw(int status, String contentType, String body) {
      return new Reply(
          status,
          contentType,
          Map.of(),
          request -> List.of(new Bytes(body)),
          CompletableFuture.completedFuture(null));
    }

    /** This reply with one more header. */
    public Reply withHeader(String name, String value) {
      Map<String, String> more = new HashMap<>(headers);
      more.put(name, value);
      return new Reply(status, contentType, Map.copyOf(more), body, headGate);
    }

    /** This reply, held back, status line and all, until {@code gate} completes. */
    public Reply heldUntil(CompletionStage<?> gate) {
      return new Reply(status, contentType, headers, body, gate);
    }

    private static Reply sse(Function<JsonNode, List<Part>> body) {
      return new Reply(
          200, "text/event-stream", Map.of(), body, CompletableFuture.completedFuture(null));
    }

    private static List<Part> chunks(JsonNode request, String finishReason, String... deltas) {
      List<Part> parts = new ArrayList<>(openingAndDeltas(request, deltas));
      ObjectNode last = envelope(request, "chat.completion.chunk");
      last.putArray("choices")
          .addObject()
          .put("index", 0)
          .put("finish_reason", finishReason)
          .putObject("delta");
      parts.add(event(last.toString()));
      return parts;
    }

    private static List<Part> openingAndDeltas(JsonNode request, String... deltas) {
      List<Part> parts = new ArrayList<>();
      parts.add(event(deltaChunk(request, "", true)));
      for (String delta : deltas) {
        parts.add(event(deltaChunk(request, delta, false)));
      }
      return parts;
    }

    private static String deltaChunk(JsonNode request, String content, boolean opening) {
      ObjectNode chunk = envelope(request, "chat.completion.chunk");
      ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
      ObjectNode delta = choice.putObject("delta");
      if (opening) {
        delta.put("role", "assistant");
      }
      delta.put("content", content);
      choice.putNull("finish_reason");
      return chunk.toString();
    }

    private static String usageChunk(JsonNode request, int completionTokens) {
      ObjectNode chunk = envelope(request, "chat.completion.chunk");
      chunk.putArray("choices");
      chunk
          .putObject("usage")
          .put("prompt_tokens", PROMPT_TOKENS)
          .put("completion_tokens", completionTokens)
          .put("total_tokens", PROMPT_TOKENS + completionTokens);
      return chunk.toString();
    }

    private static ObjectNode envelope(JsonNode request, String object) {
      return Json.MAPPER
          .createObjectNode()
          .put("id", "chatcmpl-test")
          .put("object", object)
          .put("created", 1_767_225_600L)
          .put("model", request.path("model").asText());
    }

    private static Part event(String data) {
      return new Bytes("data: " + data + "\n\n");
    }
  }

  /** The {@code prompt_tokens} every answer reports. */
  public static final int PROMPT_TOKENS = 42;

  private sealed interface Part permits Bytes, Wait, Drop {}

  private record Bytes(String text) implements Part {}

  private record Wait(CompletionStage<?> gate) implements Part {}

  private record Drop() implements Part {}

  private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger count = new AtomicInteger();
  private final String apiKey;
  private ServerBinding binding;

  private OpenAiCompatibleServer(String apiKey) {
    this.apiKey = apiKey;
  }

  /** A server on a free loopback port that takes any key, or none. */
  public static OpenAiCompatibleServer start(ActorSystem<?> system) {
    return start(system, "");
  }

  /** A server that answers 401 unless a request carries {@code Authorization: Bearer apiKey}. */
  public static OpenAiCompatibleServer start(ActorSystem<?> system, String apiKey) {
    OpenAiCompatibleServer server = new OpenAiCompatibleServer(apiKey);
    server.binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(server.route())
            .toCompletableFuture()
            .join();
    return server;
  }

  /** The base URL a client is configured with: {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort() + "/v1";
  }

  /** Queues the answer to a coming request. */
  public OpenAiCompatibleServer reply(Reply reply) {
    replies.add(reply);
    return this;
  }

  /** The next request received, waiting up to ten seconds for it. */
  public Received takeRequest() {
    try {
      Received next = received.poll(10, TimeUnit.SECONDS);
      if (next == null) {
        throw new AssertionError("the server received no request within 10 s");
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** How many requests reached the server. */
  public int requestCount() {
    return count.get();
  }

  @Override
  public void close() {
    binding.unbind().toCompletableFuture().join();
  }

  private Route route() {
    return pathPrefix(
        "v1",
        () ->
            path(
                PathMatchers.segment("chat").slash("completions"),
                () ->
                    post(
                        () ->
                            extractRequest(
                                request ->
                                    entity(
                                        Unmarshaller.entityToString(),
                                        body -> answer(request, body))))));
  }

  private Route answer(HttpRequest request, String body) {
    count.incrementAndGet();
    Map<String, String> headers = new HashMap<>();
    for (HttpHeader header : request.getHeaders()) {
      headers.put(header.lowercaseName(), header.value());
    }
    headers.put("content-type", request.entity().getContentType().toString());
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      json = Json.MAPPER.getNodeFactory().textNode(body);
    }
    received.add(new Received(Map.copyOf(headers), json));
    if (!apiKey.isEmpty() && !("Bearer " + apiKey).equals(headers.get("authorization"))) {
      return respond(
          Reply.error(
              401,
              "invalid_request_error",
              "invalid_api_key",
              "Incorrect API key provided. You can find your API key in your account settings."),
          json);
    }
    if (!json.isObject()
        || !json.path("model").isTextual()
        || !json.path("messages").isArray()
        || !headers.get("content-type").startsWith("application/json")) {
      return respond(
          Reply.error(
              400,
              "invalid_request_error",
              "invalid_body",
              "We could not parse the JSON body of your request."),
          json);
    }
    Reply reply = replies.poll();
    if (reply == null) {
      return respond(
          Reply.error(
              500, "server_error", "no_reply", "The test queued no reply for this request."),
          json);
    }
    return respond(reply, json);
  }

  private Route respond(Reply reply, JsonNode request) {
    Source<ByteString, NotUsed> body =
        Source.from(reply.body.apply(request)).flatMapConcat(OpenAiCompatibleServer::bytes);
    List<HttpHeader> headers = new ArrayList<>();
    reply.headers.forEach((name, value) -> headers.add(RawHeader.create(name, value)));
    HttpResponse response =
        HttpResponse.create()
            .withStatus(StatusCodes.get(reply.status))
            .addHeaders(headers)
            .withEntity(HttpEntities.createChunked(ContentTypes.parse(reply.contentType), body));
    return completeWithFuture(reply.headGate.thenApply(open -> response));
  }

  private static Source<ByteString, NotUsed> bytes(Part part) {
    if (part instanceof Bytes bytes) {
      return Source.single(ByteString.fromString(bytes.text()));
    }
    if (part instanceof Wait wait) {
      return Source.completionStage(wait.gate())
          .map(open -> ByteString.emptyByteString())
          .filter(chunk -> !chunk.isEmpty())
          .mapMaterializedValue(m -> NotUsed.getInstance());
    }
    return Source.failed(new IOException("the test server drops the connection"));
  }
}
