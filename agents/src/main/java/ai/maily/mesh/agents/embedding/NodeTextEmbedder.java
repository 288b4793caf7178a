package ai.maily.mesh.agents.embedding;

import ai.maily.mesh.core.memory.TextEmbedder;
import ai.maily.mesh.core.memory.TextEmbedderProvider;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Offers the node's local model ({@link NodeEmbeddings}) to the agents' memory, which embeds every
 * memory and query with it; the same model the agents compare their texts with, so their vectors
 * and the memory's are comparable. The model starts on the first embedding, not when the node does.
 */
public final class NodeTextEmbedder implements TextEmbedderProvider {

  @Override
  public TextEmbedder embedder(ActorSystem<?> system) {
    return text -> NodeEmbeddings.get(system).embed(text).thenApply(Embedding::vector);
  }
}
