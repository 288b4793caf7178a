package ai.maily.mesh.agents.llm;

/**
 * A language model's answer to one call.
 *
 * @param text the answer's text
 * @param usage the tokens the call used: as the server reported them, or estimated (and labelled
 *     so) when it reported none
 * @param finishReason why the model stopped, as the API says it ({@code stop}, {@code length},
 *     ...), or empty when the server did not say
 */
public record Completion(String text, TokenUsage usage, String finishReason) {

  /** True when the model stopped because it reached {@code max_tokens}: the text is cut short. */
  public boolean truncated() {
    return finishReason.equals("length");
  }
}
