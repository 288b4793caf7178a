package ai.maily.mesh.agents.embedding;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The port through which agents turn text into embeddings; texts close in meaning get embeddings
 * with a high {@link Embedding#similarity}.
 */
public interface EmbeddingModel {

  /** The length of every embedding this model returns. */
  int dimensions();

  /** The embedding of {@code text}; an empty text has one too. */
  CompletionStage<Embedding> embed(String text);

  /** The embeddings of {@code texts}, in their order. */
  CompletionStage<List<Embedding>> embedAll(List<String> texts);
}
