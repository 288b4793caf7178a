package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a server said in an error: OpenAI's {@code {"error": {"message", "type", "code"}}}, the
 * {@code {"object": "error", "message", ...}} that vLLM answers, {@code {"error": "..."}}, or
 * failing all of these, the start of the body as it came.
 */
final class ErrorBody {

  static final int MAX_LENGTH = 300;

  private ErrorBody() {}

  /** The message of the error in {@code body}. */
  static String describe(String body) {
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      if (json != null && json.isObject()) {
        return describe(json.has("error") ? json.get("error") : json);
      }
    } catch (JsonProcessingException e) {
      // Not JSON (a proxy's HTML page, say): the text itself is the best account there is.
    }
    return excerpt(body.strip());
  }

  /** The message of an error object or string. */
  static String describe(JsonNode error) {
    if (error.isTextual()) {
      return excerpt(error.asText());
    }
    String message = error.path("message").asText("");
    String type = error.path("type").asText("");
    JsonNode codeNode = error.path("code");
    String code = codeNode.isTextual() || codeNode.isNumber() ? codeNode.asText() : "";
    StringBuilder text = new StringBuilder(message.isEmpty() ? error.toString() : message);
    if (!type.isEmpty() || !code.isEmpty()) {
      text.append(" (").append(type);
      if (!type.isEmpty() && !code.isEmpty()) {
        text.append(", ");
      }
      text.append(code).append(')');
    }
    return excerpt(text.toString());
  }

  /** {@code text} cut to {@link #MAX_LENGTH} characters. */
  static String excerpt(String text) {
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "…";
  }
}
