package ai.maily.mesh.trust.agent;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentProvider;
import ai.maily.mesh.trust.service.TrustService;
import com.typesafe.config.Config;
import java.util.List;

/**
 * Offers the {@code certifier} agent, bound to the node's {@link TrustService} once {@link
 * TrustService#init} has run.
 */
public final class TrustAgents implements AgentProvider {

  @Override
  public List<Agent> agents(Config config) {
    return List.of(new CertifierAgent(context -> TrustService.on(context.system())));
  }
}
