package ai.maily.mesh.agents.llm;

/**
 * Tokens a call used, or will use at most.
 *
 * @param promptTokens tokens of the messages sent
 * @param completionTokens tokens of the answer
 * @param estimated true when counted by {@link TokenEstimate}'s heuristic rather than reported by
 *     the server: every estimate before a call, and after one when the server reported no usage
 */
public record TokenUsage(int promptTokens, int completionTokens, boolean estimated) {

  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must be >= 0");
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  /** The two calls' use together; estimated if either is. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        promptTokens + other.promptTokens,
        completionTokens + other.completionTokens,
        estimated || other.estimated);
  }
}
