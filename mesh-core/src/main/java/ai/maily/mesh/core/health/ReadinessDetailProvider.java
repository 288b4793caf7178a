package ai.maily.mesh.core.health;

import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Contributes details to {@link ReadinessDetails}. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/ai.maily.mesh.core.health.ReadinessDetailProvider}) when a node first asks for
 * its details, so a module shows its state without the health routes compiling against it.
 */
public interface ReadinessDetailProvider {

  /**
   * Registers this module's details on {@code system}'s node. Their suppliers should reach the
   * module's services when asked, not here: the registry is being created.
   */
  void register(ActorSystem<?> system, ReadinessDetails details);
}
