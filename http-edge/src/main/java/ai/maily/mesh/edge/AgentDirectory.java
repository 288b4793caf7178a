package ai.maily.mesh.edge;

import ai.maily.mesh.core.agent.Agent;
import ai.maily.mesh.core.agent.AgentBreakers;
import ai.maily.mesh.core.agent.AgentEntity;
import ai.maily.mesh.core.agent.AgentEntity.AgentView;
import ai.maily.mesh.core.agent.AgentRegistry;
import ai.maily.mesh.core.agent.AgentSettings;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * What the API tells about agents: the registry, each type's breaker, and the caller's entities.
 */
public final class AgentDirectory {

  /** An agent type as listed. */
  public record AgentSummary(
      String name,
      String description,
      JsonNode inputSchema,
      JsonNode outputSchema,
      CircuitBreaker.Snapshot breaker) {}

  /** An agent type with the state of the caller's pool of entities. */
  public record AgentDetails(
      AgentSummary agent,
      long processed,
      long failures,
      int inFlight,
      int queued,
      List<AgentView> instances) {}

  private final AgentRegistry registry;
  private final AgentBreakers breakers;
  private final ClusterSharding sharding;
  private final Map<String, Integer> poolSizes;
  private final Duration askTimeout;

  public AgentDirectory(ActorSystem<?> system, AgentRegistry registry, Duration askTimeout) {
    this.registry = registry;
    this.breakers = AgentBreakers.get(system);
    this.sharding = ClusterSharding.get(system);
    Config agents = system.settings().config().getConfig("mesh.agents");
    this.poolSizes =
        registry.all().stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Agent::name, agent -> AgentSettings.of(agents, agent.name()).poolSize()));
    this.askTimeout = askTimeout;
  }

  public List<AgentSummary> list(Principal caller) {
    caller.require(Role.VIEWER);
    return registry.all().stream().map(this::summary).toList();
  }

  public CompletionStage<AgentDetails> describe(Principal caller, String type) {
    caller.require(Role.VIEWER);
    Agent agent =
        registry
            .find(type)
            .orElseThrow(
                () -> ProblemException.of(ProblemType.NOT_FOUND, "unknown agent '" + type + "'"));
    int poolSize = poolSizes.get(type);
    List<CompletableFuture<AgentView>> views = new ArrayList<>();
    for (int slot = 0; slot < poolSize; slot++) {
      views.add(
          sharding
              .entityRefFor(
                  AgentEntity.ENTITY_KEY, AgentEntity.entityId(caller.tenant(), type, slot))
              .ask(AgentEntity.GetState::new, askTimeout)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<AgentView> instances = views.stream().map(CompletableFuture::join).toList();
              return new AgentDetails(
                  summary(agent),
                  instances.stream().mapToLong(AgentView::processed).sum(),
                  instances.stream().mapToLong(AgentView::failures).sum(),
                  instances.stream().mapToInt(AgentView::inFlight).sum(),
                  instances.stream().mapToInt(AgentView::queued).sum(),
                  instances);
            });
  }

  private AgentSummary summary(Agent agent) {
    return new AgentSummary(
        agent.name(),
        agent.description(),
        agent.inputSchema(),
        agent.outputSchema(),
        breakers.forAgent(agent.name()).snapshot());
  }
}
