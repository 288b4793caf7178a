package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.health.ReadinessDetailProvider;
import ai.maily.mesh.core.health.ReadinessDetails;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Shows the node's language model ({@link LanguageModelStatus}) as the readiness detail {@code
 * llm}. A model that fails never makes the node unready: its agents fall back to their local
 * composers.
 */
public final class LanguageModelReadiness implements ReadinessDetailProvider {

  @Override
  public void register(ActorSystem<?> system, ReadinessDetails details) {
    details.register("llm", () -> NodeLanguageModel.status(system));
  }
}
