package ai.maily.mesh.agents;

import ai.maily.mesh.agents.brand.BrandLearnerAgent;
import ai.maily.mesh.agents.brand.BrandVoiceAgent;
import ai.maily.mesh.agents.compliance.ComplianceAgent;
import ai.maily.mesh.agents.copy.CopywriterAgent;
import ai.maily.mesh.agents.optimize.OptimizerAgent;
import ai.maily.mesh.agents.personalize.PersonalizerAgent;
import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentProvider;
import com.typesafe.config.Config;
import java.util.List;

/**
 * Offers the built-in agents: {@code compliance} (rules, and a spam signal on the node's local
 * embedding model), {@code personalizer}, {@code copywriter} (the node's language model if it has
 * one, else the local composer; ranked on the same local model), {@code brand-voice} (the tenant's
 * brand, learnt from its memory, on the same model), {@code brand-learner} (which adds approved
 * content to that memory) and {@code optimizer} (the node's predictions, else documented priors).
 */
public final class StandardAgents implements AgentProvider {

  @Override
  public List<Agent> agents(Config config) {
    return List.of(
        new ComplianceAgent(),
        new PersonalizerAgent(),
        new CopywriterAgent(config),
        new BrandVoiceAgent(),
        new BrandLearnerAgent(),
        new OptimizerAgent());
  }
}
