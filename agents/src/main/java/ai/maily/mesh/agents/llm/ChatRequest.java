package ai.maily.mesh.agents.llm;

import java.util.List;
import java.util.Objects;

/**
 * One call to a language model.
 *
 * @param prompt what to ask
 * @param format the form of the answer
 * @param maxOutputTokens the most tokens the answer may have (the API's {@code max_tokens})
 * @param temperature sampling temperature, 0 to 2; low for JSON, higher for varied copy
 */
public record ChatRequest(
    Prompt prompt, AnswerFormat format, int maxOutputTokens, double temperature) {

  public ChatRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(format, "format");
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be >= 1, got " + maxOutputTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
  }

  /** The same call with another prompt. */
  public ChatRequest withPrompt(Prompt other) {
    return new ChatRequest(other, format, maxOutputTokens, temperature);
  }

  /** The messages sent: the system message (with the format's instruction), then the user's. */
  List<ChatMessage> messages() {
    String instruction = format.instruction();
    String system =
        instruction.isEmpty() ? prompt.system() : prompt.system() + "\n\n" + instruction;
    return List.of(new ChatMessage("system", system), new ChatMessage("user", prompt.user()));
  }

  /** One message of the chat, as the API names its role. */
  record ChatMessage(String role, String content) {}
}
