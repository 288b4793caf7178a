package ai.maily.mesh.agents.embedding;

import ai.maily.mesh.core.memory.UnitVector;

/**
 * A text's embedding: a unit-length vector ({@link UnitVector}, the core's), so that the cosine
 * similarity of two embeddings is their dot product.
 */
public final class Embedding {

  private final UnitVector vector;

  private Embedding(UnitVector vector) {
    this.vector = vector;
  }

  /**
   * The embedding with {@code values}' direction.
   *
   * @throws IllegalArgumentException for an empty, zero or non-finite vector
   */
  public static Embedding normalized(float[] values) {
    return new Embedding(UnitVector.of(values));
  }

  /** The embedding with exactly {@code values}, which must be a unit vector: one read back. */
  static Embedding ofUnit(float[] values) {
    return new Embedding(UnitVector.stored(values));
  }

  /** The unit vector, as the core stores and compares it (agent memory). */
  public UnitVector vector() {
    return vector;
  }

  public int dimensions() {
    return vector.dimensions();
  }

  /** The vector's components, a copy. */
  public float[] toArray() {
    return vector.toArray();
  }

  /**
   * Cosine similarity in [-1, 1]: 1 for the same meaning, about 0 for unrelated texts. Requires the
   * same dimensions.
   */
  public double similarity(Embedding other) {
    return vector.similarity(other.vector);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding other && vector.equals(other.vector);
  }

  @Override
  public int hashCode() {
    return vector.hashCode();
  }

  @Override
  public String toString() {
    return "Embedding[" + vector.dimensions() + " dimensions]";
  }
}
