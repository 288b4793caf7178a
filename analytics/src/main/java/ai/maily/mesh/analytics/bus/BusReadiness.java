package ai.maily.mesh.analytics.bus;

import ai.maily.mesh.core.health.ReadinessDetailProvider;
import ai.maily.mesh.core.health.ReadinessDetails;
import org.apache.pekko.actor.typed.ActorSystem;

/** Shows the node's event bus (its broker, ADR 0032) as the readiness detail {@code bus}. */
public final class BusReadiness implements ReadinessDetailProvider {

  @Override
  public void register(ActorSystem<?> system, ReadinessDetails details) {
    details.register("bus", () -> NodeEventBus.get(system).bus().status());
  }
}
