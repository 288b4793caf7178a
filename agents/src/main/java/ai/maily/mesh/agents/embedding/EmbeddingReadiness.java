package ai.maily.mesh.agents.embedding;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Readiness check in Pekko Management's form (a {@code pekko.management.health-checks
 * .readiness-checks} entry): the node's embedding model has loaded and warmed up. Creating the
 * check starts the model, so a node that lists it warms the model at start.
 */
public final class EmbeddingReadiness implements Supplier<CompletionStage<Boolean>> {

  private final LocalEmbeddingModel model;

  public EmbeddingReadiness(ActorSystem system) {
    this.model = NodeEmbeddings.get(Adapter.toTyped(system));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(model.isReady());
  }
}
