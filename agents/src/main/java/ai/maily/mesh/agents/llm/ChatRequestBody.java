package ai.maily.mesh.agents.llm;

import ai.maily.mesh.agents.llm.LanguageModelSettings.StructuredOutputMode;
import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a chat-completions request: the model, the messages, a streamed answer with its usage
 * at the end ({@code stream_options.include_usage}), the answer's limit and temperature, and the
 * answer's format. {@code max_tokens} rather than the newer {@code max_completion_tokens}, because
 * every OpenAI-compatible server reads the former.
 */
final class ChatRequestBody {

  private ChatRequestBody() {}

  static byte[] render(String model, ChatRequest request, StructuredOutputMode mode) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (ChatRequest.ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role()).put("content", message.content());
    }
    body.put("stream", true);
    body.putObject("stream_options").put("include_usage", true);
    body.put("max_tokens", request.maxOutputTokens());
    body.put("temperature", request.temperature());
    if (request.format() instanceof AnswerFormat.JsonSchema schema
        && mode == StructuredOutputMode.JSON_SCHEMA) {
      // Not strict: OpenAI's strict mode takes only a subset of JSON Schema, and the answer is
      // checked against the whole schema anyway (StructuredOutput).
      ObjectNode format = body.putObject("response_format").put("type", "json_schema");
      format
          .putObject("json_schema")
          .put("name", schema.name())
          .put("strict", false)
          .set("schema", schema.schema());
    } else if (request.format() != AnswerFormat.text()) {
      body.putObject("response_format").put("type", "json_object");
    }
    return Json.bytes(body);
  }
}
