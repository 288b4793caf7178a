package ai.maily.mesh.agents;

import ai.maily.mesh.agents.embedding.NodeTextEmbedder;
import ai.maily.mesh.core.agent.AgentContext;
import ai.maily.mesh.core.cache.LocalCache;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.core.memory.AgentMemory;
import ai.maily.mesh.core.memory.MemorySettings;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.RecipientRef;
import org.slf4j.LoggerFactory;

/**
 * The agents' memory on an actor test kit, as a node runs it but without sharding: memory entities
 * spawned on the test kit's in-memory journal when first asked, the node's real embedding model
 * ({@link NodeTextEmbedder}), an in-process cache.
 */
public final class LocalMemories {

  private final ActorTestKit testKit;
  private final Map<String, ActorRef<AgentMemory.Command>> entities = new ConcurrentHashMap<>();
  private final LocalCache cache = new LocalCache(1 << 20, Ticker.systemTicker());
  private final AgentMemories memories;

  /** Memory for the agent types {@code agents}. */
  public LocalMemories(ActorTestKit testKit, Set<String> agents) {
    this.testKit = testKit;
    this.memories =
        new AgentMemories(
            testKit.system(),
            this::entity,
            agents::contains,
            new NodeTextEmbedder().embedder(testKit.system()),
            cache);
  }

  public AgentMemories memories() {
    return memories;
  }

  public LocalCache cache() {
    return cache;
  }

  /**
   * The context an agent entity gives {@code agentType} for {@code tenant}: the test kit's node,
   * its blocking dispatcher, and the tenant's memory.
   */
  public AgentContext context(String tenant, String agentType) {
    return new AgentContext(
        tenant,
        agentType,
        testKit.system().dispatchers().lookup(DispatcherSelector.blocking()),
        Clock.systemUTC(),
        LoggerFactory.getLogger(LocalMemories.class),
        testKit.system(),
        memories.view(tenant, agentType));
  }

  private RecipientRef<AgentMemory.Command> entity(String entityId) {
    return entities.computeIfAbsent(
        entityId,
        id ->
            testKit.spawn(
                AgentMemory.create(
                    id, MemorySettings.fromConfig(testKit.system().settings().config()))));
  }
}
