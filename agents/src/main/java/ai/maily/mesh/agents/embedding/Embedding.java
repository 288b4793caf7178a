package ai.maily.mesh.agents.embedding;

import java.util.Arrays;

/**
 * A text's embedding: a unit-length vector, so that the cosine similarity of two embeddings is
 * their dot product.
 */
public final class Embedding {

  private final float[] values;

  private Embedding(float[] values) {
    this.values = values;
  }

  /** The embedding with {@code values}' direction; requires a vector that is not all zeros. */
  public static Embedding normalized(float[] values) {
    double squares = 0;
    for (float value : values) {
      squares += (double) value * value;
    }
    if (squares == 0 || !Double.isFinite(squares)) {
      throw new IllegalArgumentException("a zero or non-finite vector has no direction");
    }
    float scale = (float) (1 / Math.sqrt(squares));
    float[] unit = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      unit[i] = values[i] * scale;
    }
    return new Embedding(unit);
  }

  /** The embedding with exactly {@code values}, which must be a unit vector: one read back. */
  static Embedding ofUnit(float[] values) {
    return new Embedding(values.clone());
  }

  public int dimensions() {
    return values.length;
  }

  /** The vector's components, a copy. */
  public float[] toArray() {
    return values.clone();
  }

  /**
   * Cosine similarity in [-1, 1]: 1 for the same meaning, about 0 for unrelated texts. Requires the
   * same dimensions.
   */
  public double similarity(Embedding other) {
    if (other.values.length != values.length) {
      throw new IllegalArgumentException(
          "dimensions differ: " + values.length + " and " + other.values.length);
    }
    double dot = 0;
    for (int i = 0; i < values.length; i++) {
      dot += (double) values[i] * other.values[i];
    }
    return dot;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Embedding[" + values.length + " dimensions]";
  }
}
