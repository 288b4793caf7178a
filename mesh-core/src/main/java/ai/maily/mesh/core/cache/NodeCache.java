package ai.maily.mesh.core.cache;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one {@link Cache}, from {@code mesh.cache}: what agents (through {@code
 * AgentContext.system()}), the edge and the health checks share. Closed when the actor system
 * terminates.
 */
public final class NodeCache implements Extension {

  private static final ExtensionId<NodeCache> ID =
      new ExtensionId<>() {
        @Override
        public NodeCache createExtension(ActorSystem<?> system) {
          return new NodeCache(system);
        }
      };

  private final Cache cache;

  private NodeCache(ActorSystem<?> system) {
    this.cache =
        Cache.open(CacheSettings.fromConfig(system.settings().config().getConfig("mesh.cache")));
    system.classicSystem().registerOnTermination(cache::close);
  }

  public static NodeCache get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  public Cache cache() {
    return cache;
  }
}
