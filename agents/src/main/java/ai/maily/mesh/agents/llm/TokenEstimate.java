package ai.maily.mesh.agents.llm;

import java.nio.charset.StandardCharsets;

/**
 * Counts tokens without the model's tokenizer (ADR 0028): a text's UTF-8 bytes divided by four,
 * rounded up. For English that is the familiar "four characters a token" of BPE tokenizers (a
 * slight overcount); scripts whose characters take two to four bytes get proportionally more
 * tokens, as tokenizers split them finer. Each message adds {@value #PER_MESSAGE} tokens for its
 * role and framing, and every answer {@value #REPLY_PRIMING} for the assistant's turn, as OpenAI
 * documents for its chat format.
 *
 * <p>Before a call the estimate is an upper bound on the answer ({@code max_tokens}) and a best
 * guess for the prompt, which is what a budget should reserve.
 */
public final class TokenEstimate {

  static final int PER_MESSAGE = 4;
  static final int REPLY_PRIMING = 3;

  private TokenEstimate() {}

  /** What {@code request} may use: its prompt's estimate and its whole {@code max_tokens}. */
  public static TokenUsage of(ChatRequest request) {
    return new TokenUsage(promptTokens(request), request.maxOutputTokens(), true);
  }

  /** The estimated tokens of {@code text}. */
  public static int ofText(String text) {
    int bytes = text.getBytes(StandardCharsets.UTF_8).length;
    return (bytes + 3) / 4;
  }

  /** The estimated tokens of {@code request}'s messages. */
  static int promptTokens(ChatRequest request) {
    int tokens = REPLY_PRIMING;
    for (ChatRequest.ChatMessage message : request.messages()) {
      tokens += PER_MESSAGE + ofText(message.content());
    }
    return tokens;
  }
}
