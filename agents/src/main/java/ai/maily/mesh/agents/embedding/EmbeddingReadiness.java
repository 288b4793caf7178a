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
 *
 * <p>The model is asked for on a blocking thread, not in the check: the first request for it loads
 * the model's libraries, which on a busy machine takes longer than a check may, and a check that
 * times out answers as an error rather than as "not ready".
 */
public final class EmbeddingReadiness implements Supplier<CompletionStage<Boolean>> {

  private final CompletableFuture<LocalEmbeddingModel> model;

  public EmbeddingReadiness(ActorSystem system) {
    this.model =
        CompletableFuture.supplyAsync(
            () -> NodeEmbeddings.get(Adapter.toTyped(system)),
            system.dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher"));
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(
        model.isDone() && !model.isCompletedExceptionally() && model.join().isReady());
  }
}
