package ai.maily.mesh.core.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** Finds the agent entity that serves a request; sharding in a node, a probe in tests. */
@FunctionalInterface
public interface AgentGateway {

  RecipientRef<AgentEntity.Command> entityFor(String tenant, String agentType, String requestId);

  /** Routes through cluster sharding to the request's pool slot. */
  static AgentGateway sharded(ActorSystem<?> system) {
    ClusterSharding sharding = ClusterSharding.get(system);
    var agents = system.settings().config().getConfig("mesh.agents");
    Map<String, Integer> poolSizes = new ConcurrentHashMap<>();
    return (tenant, agentType, requestId) -> {
      int poolSize =
          poolSizes.computeIfAbsent(agentType, type -> AgentSettings.of(agents, type).poolSize());
      return sharding.entityRefFor(
          AgentEntity.ENTITY_KEY,
          AgentEntity.entityId(tenant, agentType, AgentEntity.slotFor(requestId, poolSize)));
    };
  }
}
