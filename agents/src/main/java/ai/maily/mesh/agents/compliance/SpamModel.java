package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.embedding.Embedding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * A logistic regression on text embeddings: {@code P(spam) = sigmoid(w · x + b)}. The shipped one
 * ({@link #shipped()}) is learned from labelled mail by {@link LogisticRegression}; see the bench
 * module's {@code SpamModelTraining} for how, and docs/benchmarks/agents.md for how well it does.
 */
public final class SpamModel {

  /** Where the learned weights live on the class path. */
  public static final String RESOURCE = "spam-model.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final class Shipped {
    static final SpamModel MODEL = read();
  }

  private final double[] weights;
  private final double bias;

  /** A model with these weights (copied) and this bias; requires finite values. */
  public SpamModel(double[] weights, double bias) {
    for (double w : weights) {
      if (!Double.isFinite(w)) {
        throw new IllegalArgumentException("weights must be finite");
      }
    }
    if (!Double.isFinite(bias)) {
      throw new IllegalArgumentException("the bias must be finite");
    }
    this.weights = weights.clone();
    this.bias = bias;
  }

  /** The model trained on real mail and our own marketing texts, read once from the class path. */
  public static SpamModel shipped() {
    return Shipped.MODEL;
  }

  /** The length of the vectors the model reads. */
  public int dimensions() {
    return weights.length;
  }

  /** The weights, a copy. */
  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  /** The probability in [0, 1] that the text of this embedding is spam. */
  public double probability(Embedding embedding) {
    return probability(embedding.toArray());
  }

  /** The probability in [0, 1] that {@code x} is spam; requires {@link #dimensions()} values. */
  public double probability(float[] x) {
    if (x.length != weights.length) {
      throw new IllegalArgumentException(
          "the model reads " + weights.length + " dimensions, not " + x.length);
    }
    double z = bias;
    for (int i = 0; i < x.length; i++) {
      z += weights[i] * x[i];
    }
    return sigmoid(z);
  }

  /** The logistic function, computed so that it never overflows. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }

  /** The model as the JSON document {@link #fromJson} reads, with a note on where it came from. */
  public ObjectNode toJson(String trainedOn) {
    ObjectNode json = JSON.createObjectNode();
    json.put("model", "logistic-regression");
    json.put("embedding", "all-MiniLM-L6-v2-q, mean-pooled, L2-normalised");
    json.put("trainedOn", trainedOn);
    json.put("bias", bias);
    ArrayNode array = json.putArray("weights");
    for (double w : weights) {
      // Six significant digits move a probability by far less than the rounding in the output.
      array.add(Double.parseDouble(String.format(Locale.ROOT, "%.6g", w)));
    }
    return json;
  }

  /** Reads a model written by {@link #toJson}. */
  public static SpamModel fromJson(JsonNode json) {
    JsonNode array = json.path("weights");
    if (!array.isArray() || array.isEmpty() || !json.path("bias").isNumber()) {
      throw new IllegalArgumentException("a spam model needs a weights array and a bias");
    }
    double[] weights = new double[array.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = array.get(i).doubleValue();
    }
    return new SpamModel(weights, json.get("bias").doubleValue());
  }

  private static SpamModel read() {
    try (InputStream in = SpamModel.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " next to SpamModel");
      }
      return fromJson(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
