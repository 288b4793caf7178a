package ai.maily.mesh.agents.copy;

import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.agent.AgentRequest;
import java.util.concurrent.CompletionStage;

/**
 * Writes copy for a brief. The {@code copywriter} agent takes one and does not care which: the
 * {@link LocalComposer} without a network, or the {@link LanguageModelWriter}, which asks the
 * node's language model and falls back on the composer; both answer in the same shape, and the
 * {@link Copy#generation()} says who wrote it.
 */
public interface CopyGenerator {

  /**
   * Writes at most {@code brief.variants()} subjects, preheaders and bodies, plus the draft's own
   * where there is one. Runs on the agent's blocking executor and may wait without blocking on a
   * non-blocking client.
   *
   * @param request the step that asked: its task, for drafts on the canvas, and its ids, for the
   *     budget
   */
  CompletionStage<Copy> write(CopyBrief brief, AgentRequest request, AgentContext context);
}
