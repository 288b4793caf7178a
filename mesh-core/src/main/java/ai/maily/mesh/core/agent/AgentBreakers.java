package ai.maily.mesh.core.agent;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.resilience.BreakerState;
import ai.maily.mesh.core.resilience.CircuitBreaker;
import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's circuit breakers, one per agent type, shared by every task coordinator on the node;
 * settings from {@code mesh.agents.breaker}, per type from {@code mesh.agents.overrides.<type>}.
 * Each transition is logged and published on the actor system's event stream as {@link
 * BreakerChanged}.
 */
public final class AgentBreakers implements Extension {

  /** Published on the event stream whenever a breaker changes state. */
  public record BreakerChanged(
      String agentType, BreakerState from, BreakerState to, String reason, Instant at)
      implements CborSerializable {}

  private static final Logger LOG = LoggerFactory.getLogger(AgentBreakers.class);

  private static final ExtensionId<AgentBreakers> ID =
      new ExtensionId<>() {
        @Override
        public AgentBreakers createExtension(ActorSystem<?> system) {
          return new AgentBreakers(system);
        }
      };

  private final ActorSystem<?> system;
  private final Config agents;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private AgentBreakers(ActorSystem<?> system) {
    this.system = system;
    this.agents = system.settings().config().getConfig("mesh.agents");
  }

  public static AgentBreakers get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /** The breaker guarding calls to {@code agentType}. */
  public CircuitBreaker forAgent(String agentType) {
    return breakers.computeIfAbsent(agentType, this::newBreaker);
  }

  private CircuitBreaker newBreaker(String agentType) {
    Clock clock = Clock.systemUTC();
    Config config = AgentSettings.forType(agents, agentType).getConfig("breaker");
    return new CircuitBreaker(
        agentType,
        config.getInt("failure-threshold"),
        config.getDuration("reset-timeout"),
        config.getInt("half-open-trials"),
        clock,
        transition -> {
          LOG.warn(
              "circuit breaker for agent '{}' {} -> {}: {}",
              agentType,
              transition.from(),
              transition.to(),
              transition.reason());
          system
              .eventStream()
              .tell(
                  new EventStream.Publish<>(
                      new BreakerChanged(
                          agentType,
                          transition.from(),
                          transition.to(),
                          transition.reason(),
                          clock.instant())));
        });
  }
}
