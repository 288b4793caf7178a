package ai.maily.mesh.core.memory;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Contributes the node's {@link TextEmbedder}. Found with {@link ServiceLoader} ({@code
 * META-INF/services/ai.maily.mesh.core.memory.TextEmbedderProvider}), as agents are through {@code
 * AgentProvider}: the module that holds the model offers it, and neither the core nor the node
 * compiles against that module (ADR 0030).
 */
public interface TextEmbedderProvider {

  /** The embedder of {@code system}'s node. */
  TextEmbedder embedder(ActorSystem<?> system);

  /**
   * The embedder of the one provider on the class path. Without one, every embedding fails, so the
   * memory refuses adds and searches as unavailable while everything else runs.
   *
   * @throws IllegalStateException if more than one provider is on the class path
   */
  static TextEmbedder load(ActorSystem<?> system) {
    List<TextEmbedderProvider> providers =
        ServiceLoader.load(TextEmbedderProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (providers.size() > 1) {
      throw new IllegalStateException(
          "more than one TextEmbedderProvider on the class path: " + providers);
    }
    if (providers.isEmpty()) {
      return text ->
          CompletableFuture.failedFuture(
              new IllegalStateException("no embedding model on the class path"));
    }
    return providers.get(0).embedder(system);
  }
}
