package ai.maily.mesh.agents.llm;

import java.util.concurrent.CompletionStage;

/**
 * The port through which agents ask a language model (ADR 0028). A node has one when {@code
 * mesh.ai.llm.base-url} is set ({@link NodeLanguageModel}); agents that write text fall back to
 * their local composer when it has none, or when a call fails with a {@link LanguageModelFailure}.
 *
 * <p>Calls are asynchronous: an agent returns the call's stage rather than blocking on it. A budget
 * reserves {@link #estimate} before a call and settles {@link Completion#usage()} after it; a
 * budgeted model is a decorator of this interface.
 */
public interface LanguageModel {

  /** The model's name, as the server knows it. */
  String modelName();

  /**
   * What {@code request} will use at most, estimated before the call: its prompt's tokens by {@link
   * TokenEstimate}'s heuristic, and its whole {@code maxOutputTokens}.
   */
  default TokenUsage estimate(ChatRequest request) {
    return TokenEstimate.of(request);
  }

  /**
   * Asks the model, streaming the answer to {@code listener} as it is written. The stage fails with
   * a {@link LanguageModelFailure} when there is no answer (the model unreachable, slow, refusing,
   * rate-limited, its circuit open, its stream broken); it never throws.
   */
  CompletionStage<Completion> complete(ChatRequest request, TokenListener listener);

  /** {@link #complete(ChatRequest, TokenListener)} without a listener. */
  default CompletionStage<Completion> complete(ChatRequest request) {
    return complete(request, TokenListener.NONE);
  }
}
