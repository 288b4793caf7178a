package ai.maily.mesh.agents.embedding;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
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

  private final LocalEmbeddingModel model;

  private NodeEmbeddings(ActorSystem<?> system) {
    this.model =
        LocalEmbeddingModel.start(EmbeddingSettings.fromConfig(system.settings().config()));
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
}
