package ai.maily.mesh.core.memory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A memory's embedding: a vector of unit length, so that the cosine similarity of two of them is
 * their dot product. The core stores and compares them; the agents module computes them (ADR 0030).
 */
public final class UnitVector {

  /** How far from 1 a stored vector's length may be, after float rounding. */
  private static final double LENGTH_TOLERANCE = 1e-3;

  private final float[] values;

  private UnitVector(float[] values) {
    this.values = values;
  }

  /**
   * The unit vector in {@code values}' direction.
   *
   * @throws IllegalArgumentException for an empty, zero or non-finite vector
   */
  public static UnitVector of(float[] values) {
    double length = Math.sqrt(squares(values));
    if (values.length == 0 || length == 0 || !Double.isFinite(length)) {
      throw new IllegalArgumentException("an empty, zero or non-finite vector has no direction");
    }
    float[] unit = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      unit[i] = (float) (values[i] / length);
    }
    return new UnitVector(unit);
  }

  /**
   * A vector read back from the journal or a cache, kept exactly as it was written (normalizing it
   * again could move its last bits).
   *
   * @throws IllegalArgumentException for an empty vector or one whose length is not 1
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static UnitVector stored(float[] values) {
    if (values.length == 0 || Math.abs(Math.sqrt(squares(values)) - 1) > LENGTH_TOLERANCE) {
      throw new IllegalArgumentException("a stored vector must be non-empty and of unit length");
    }
    return new UnitVector(values.clone());
  }

  private static double squares(float[] values) {
    double squares = 0;
    for (float value : values) {
      squares += (double) value * value;
    }
    return squares;
  }

  public int dimensions() {
    return values.length;
  }

  /** The components, a copy. */
  @JsonValue
  public float[] toArray() {
    return values.clone();
  }

  /**
   * Cosine similarity in [-1, 1]: about 1 for the same meaning, about 0 for unrelated texts.
   * Requires the same dimensions.
   */
  public double similarity(UnitVector other) {
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
    return o instanceof UnitVector other && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "UnitVector[" + values.length + " dimensions]";
  }
}
