package ai.maily.mesh.agents.llm;

import ai.maily.mesh.agents.llm.LanguageModelFailure.Reason;
import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * Folds a chat completion's answer into its text, finish reason and usage: the events of a streamed
 * answer ({@code chat.completion.chunk} objects, then {@code [DONE]}), or the one object of an
 * answer a server sent whole. Each piece of text goes to the sink as it arrives.
 *
 * <p>Not thread-safe: one per call, fed in order.
 */
final class ChatStream {

  static final String DONE = "[DONE]";

  private final Consumer<String> sink;
  private final StringBuilder text = new StringBuilder();
  private String finishReason;
  private TokenUsage usage;
  private boolean done;

  ChatStream(Consumer<String> sink) {
    this.sink = sink;
  }

  /**
   * Takes the next event of a streamed answer.
   *
   * @throws LanguageModelFailure when the event is not the protocol's or reports an error
   */
  void event(SseParser.Event event) {
    if (done) {
      return;
    }
    if (event.type().equals("error")) {
      throw new LanguageModelFailure(
          Reason.SERVER_ERROR,
          "the server reported an error in the stream: " + ErrorBody.describe(event.data()));
    }
    if (event.data().strip().equals(DONE)) {
      done = true;
      return;
    }
    JsonNode chunk = parse(event.data(), "a stream event");
    JsonNode choices = chunk.path("choices");
    if (!choices.isMissingNode() && !choices.isNull() && !choices.isArray()) {
      throw malformed("a stream event's choices are not an array: " + excerpt(event.data()));
    }
    for (JsonNode choice : choices) {
      if (choice.path("index").asInt(0) == 0) {
        append(choice.path("delta").path("content"));
        finish(choice.path("finish_reason"));
      }
    }
    usage(chunk.path("usage"));
  }

  /**
   * Takes an answer the server sent whole ({@code chat.completion}), as servers that ignore {@code
   * stream} do.
   *
   * @throws LanguageModelFailure when the body is not the protocol's or reports an error
   */
  void wholeAnswer(String body) {
    JsonNode answer = parse(body, "the answer");
    JsonNode choice = answer.path("choices").path(0);
    if (!choice.isObject() || !choice.path("message").path("content").isTextual()) {
      throw malformed("the answer has no choices[0].message.content: " + excerpt(body));
    }
    append(choice.path("message").path("content"));
    finish(choice.path("finish_reason"));
    usage(answer.path("usage"));
    done = true;
  }

  /** True once {@code [DONE]} arrived, or an answer sent whole: nothing more will come. */
  boolean done() {
    return done;
  }

  /** True once the answer is whole: {@code [DONE]} arrived, or a finish reason did. */
  boolean complete() {
    return done || finishReason != null;
  }

  /** The answer, with the server's usage or, when it sent none, an estimate labelled as one. */
  Completion completion(int estimatedPromptTokens) {
    String answer = text.toString();
    TokenUsage used =
        usage != null
            ? usage
            : new TokenUsage(estimatedPromptTokens, TokenEstimate.ofText(answer), true);
    return new Completion(answer, used, finishReason == null ? "" : finishReason);
  }

  private void append(JsonNode content) {
    if (content.isTextual() && !content.asText().isEmpty()) {
      text.append(content.asText());
      sink.accept(content.asText());
    }
  }

  private void finish(JsonNode reason) {
    if (reason.isTextual()) {
      finishReason = reason.asText();
    }
  }

  private void usage(JsonNode reported) {
    if (reported.isMissingNode() || reported.isNull()) {
      return;
    }
    JsonNode prompt = reported.path("prompt_tokens");
    JsonNode completion = reported.path("completion_tokens");
    if (!prompt.canConvertToInt()
        || !completion.canConvertToInt()
        || !prompt.isIntegralNumber()
        || !completion.isIntegralNumber()
        || prompt.asInt() < 0
        || completion.asInt() < 0) {
      throw malformed("the usage object holds no token counts: " + excerpt(reported.toString()));
    }
    usage = new TokenUsage(prompt.asInt(), completion.asInt(), false);
  }

  private static JsonNode parse(String json, String what) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(what + " is not JSON: " + excerpt(json));
    }
    if (node == null || !node.isObject()) {
      throw malformed(what + " is not a JSON object: " + excerpt(json));
    }
    JsonNode error = node.get("error");
    if (error != null && !error.isNull()) {
      throw new LanguageModelFailure(
          Reason.SERVER_ERROR, "the server reported an error: " + ErrorBody.describe(error));
    }
    return node;
  }

  private static LanguageModelFailure malformed(String message) {
    return new LanguageModelFailure(Reason.MALFORMED_RESPONSE, message);
  }

  private static String excerpt(String text) {
    return ErrorBody.excerpt(text.strip());
  }
}
