package ai.maily.mesh.core.agent;

import com.typesafe.config.Config;
import java.util.List;

/**
 * Contributes agents to the mesh. Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/ai.maily.mesh.core.agent.AgentProvider}), so a module adds agents
 * without touching the core.
 */
public interface AgentProvider {

  /** The agents this module offers, configured from the node's configuration. */
  List<Agent> agents(Config config);
}
