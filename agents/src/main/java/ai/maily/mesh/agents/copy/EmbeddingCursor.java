package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.embedding.Embedding;
import java.util.List;

/**
 * Hands out consecutive slices of one {@code embedAll} answer, in the order the texts were given.
 */
final class EmbeddingCursor {

  private final List<Embedding> vectors;
  private int next;

  EmbeddingCursor(List<Embedding> vectors, int first) {
    this.vectors = vectors;
    this.next = first;
  }

  List<Embedding> next(int count) {
    List<Embedding> slice = vectors.subList(next, next + count);
    next += count;
    return slice;
  }

  Embedding next() {
    return vectors.get(next++);
  }
}
