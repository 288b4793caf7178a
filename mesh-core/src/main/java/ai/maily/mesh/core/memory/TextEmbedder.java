package ai.maily.mesh.core.memory;

import java.util.concurrent.CompletionStage;

/**
 * The port through which the memory gets embeddings: the node fills it with its local model (the
 * {@code agents} module's), so the core stores and searches vectors without depending on a model
 * (ADR 0030). Every memory and every query must be embedded by the same model.
 */
@FunctionalInterface
public interface TextEmbedder {

  /** The embedding of {@code text}; the stage fails if the model cannot embed now. */
  CompletionStage<UnitVector> embed(String text);
}
