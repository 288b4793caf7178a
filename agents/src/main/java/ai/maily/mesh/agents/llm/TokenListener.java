package ai.maily.mesh.agents.llm;

/**
 * Receives a streamed answer as it is written. Calls come one at a time, in order, on the HTTP
 * client's threads, so a listener does little and never blocks.
 */
@FunctionalInterface
public interface TokenListener {

  /** A listener that ignores everything. */
  TokenListener NONE = delta -> {};

  /** The next piece of the answer's text. */
  void onToken(String delta);

  /**
   * The answer is complete and {@code text} is all of it; called once, before the call's stage
   * completes, and only when the call succeeds.
   */
  default void onComplete(String text) {}
}
