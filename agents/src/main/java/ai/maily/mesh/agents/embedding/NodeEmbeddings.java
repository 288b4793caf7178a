package ai.maily.mesh.agents.embedding;

import ai.maily.mesh.core.cache.NodeCache;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node's one local embedding model, shared by every agent and check on the node: started (and
 * warmed up in the background) the first time it is asked for, closed when the node shuts down.
 */
public final class NodeEmbeddings implements Extension {

  private static final ExtensionId<NodeEmbeddings> ID =
      new ExtensionId<>() {
        @Override
        public NodeEmbeddings createExtension(ActorSystem<?> system) {
          return new NodeEmbeddings(system);
        }
      };

  /** The model's name in cache keys: all-MiniLM-L6-v2, quantized. */
  public static final String MODEL_NAME = "all-minilm-l6-v2-q";

  private final LocalEmbeddingModel model;
  private final CachedEmbeddingModel cached;

  private NodeEmbeddings(ActorSystem<?> system) {
    this.model =
        LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(system.settings().config()));
    this.cached =
        new CachedEmbeddingModel(
            model,
            NodeCache.get(system).cache(),
            MODEL_NAME,
            system.settings().config().getDuration("mesh.ai.embedding.cache-ttl"),
            system.dispatchers().lookup(DispatcherSelector.blocking()));
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
            "close-embedding-model",
            () -> {
              model.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            });
  }

  /** The model of {@code system}'s node. */
  public static LocalEmbeddingModel get(ActorSystem<?> system) {
    return system.registerExtension(ID).model;
  }

  /**
   * The model of {@code system}'s node behind the node's cache: what agents embed with. Call it
   * from a thread that may block (an agent's), as a lookup may wait on Redis.
   */
  public static EmbeddingModel cached(ActorSystem<?> system) {
    return system.registerExtension(ID).cached;
  }
}
