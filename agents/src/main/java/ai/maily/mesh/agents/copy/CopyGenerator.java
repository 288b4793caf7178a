package ai.maily.mesh.agents.copy;

import ai.maily.mesh.core.agent.AgentContext;
import java.util.concurrent.CompletionStage;

/**
 * Writes copy for a brief. The {@code copywriter} agent takes one and does not care which: the
 * {@link LocalComposer} without a network, or a generator backed by a language model, which plugs
 * in through {@link CopywriterAgent#CopywriterAgent(CopyGenerator)} and answers in the same shape
 * (its variants' {@code source} being its {@link #name()}).
 */
public interface CopyGenerator {

  /** What the agent's output calls this generator: {@code local} for the composer. */
  String name();

  /**
   * Writes at most {@code brief.variants()} subjects, preheaders and bodies, plus the draft's own
   * where there is one. Runs on the agent's blocking executor and may wait without blocking on a
   * non-blocking client.
   */
  CompletionStage<Copy> write(CopyBrief brief, AgentContext context);
}
