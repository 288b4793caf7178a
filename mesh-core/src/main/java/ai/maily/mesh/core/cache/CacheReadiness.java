package ai.maily.mesh.core.cache;

import ai.maily.mesh.core.health.ReadinessDetailProvider;
import ai.maily.mesh.core.health.ReadinessDetails;
import org.apache.pekko.actor.typed.ActorSystem;

/** Shows the node's cache ({@link CacheStatus}) as the readiness detail {@code cache}. */
public final class CacheReadiness implements ReadinessDetailProvider {

  @Override
  public void register(ActorSystem<?> system, ReadinessDetails details) {
    details.register("cache", () -> NodeCache.get(system).cache().status());
  }
}
