package ai.maily.mesh.agents.compliance;

import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link SpamModel} by plain full-batch gradient descent on the (weighted) mean log loss
 * plus an L2 penalty. Deterministic: the same examples in the same order give the same weights.
 *
 * <p>Embedding components are small (about ±0.1 on a unit vector of 384), so each feature is scaled
 * to zero mean and unit variance for the descent, which then converges with one step size for all
 * of them; the scaling is folded back into the weights, so the model reads raw embeddings.
 *
 * @param iterations gradient steps
 * @param learningRate the step size on the scaled features
 * @param l2 the penalty on the squared weights (not the bias), against overfitting
 */
public record LogisticRegression(int iterations, double learningRate, double l2) {

  public LogisticRegression {
    if (iterations < 1 || !(learningRate > 0) || !(l2 >= 0)) {
      throw new IllegalArgumentException("iterations >= 1, learning rate > 0, l2 >= 0");
    }
  }

  /**
   * Fits a model to the examples.
   *
   * @param features one vector per example, all of one length
   * @param spam the label of each example, true for spam; both labels must occur
   */
  public SpamModel fit(List<float[]> features, List<Boolean> spam) {
    double[] ones = new double[features.size()];
    Arrays.fill(ones, 1.0);
    return fit(features, spam, ones);
  }

  /**
   * Fits a model to weighted examples: an example of weight 2 counts as two copies of it, so that a
   * small set can count as much as a large one in the loss.
   *
   * @param features one vector per example, all of one length
   * @param spam the label of each example, true for spam; both labels must occur
   * @param weights the weight of each example, positive
   */
  public SpamModel fit(List<float[]> features, List<Boolean> spam, double[] weights) {
    int n = features.size();
    if (n == 0 || spam.size() != n || weights.length != n) {
      throw new IllegalArgumentException(
          "one label and one weight per example, and at least one example");
    }
    double totalWeight = 0;
    for (double weight : weights) {
      if (!(weight > 0) || !Double.isFinite(weight)) {
        throw new IllegalArgumentException("weights must be positive and finite");
      }
      totalWeight += weight;
    }
    if (!spam.contains(true) || !spam.contains(false)) {
      throw new IllegalArgumentException("both labels must occur");
    }
    int d = features.get(0).length;
    double[] mean = new double[d];
    double[] scale = new double[d];
    for (float[] x : features) {
      if (x.length != d) {
        throw new IllegalArgumentException("every example needs " + d + " values");
      }
      for (int j = 0; j < d; j++) {
        mean[j] += x[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (float[] x : features) {
      for (int j = 0; j < d; j++) {
        scale[j] += (x[j] - mean[j]) * (x[j] - mean[j]);
      }
    }
    for (int j = 0; j < d; j++) {
      double sd = Math.sqrt(scale[j] / n);
      // A constant feature carries nothing; leave it unscaled rather than divide by zero.
      scale[j] = sd > 1e-12 ? sd : 1.0;
    }
    double[][] z = new double[n][d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      float[] x = features.get(i);
      for (int j = 0; j < d; j++) {
        z[i][j] = (x[j] - mean[j]) / scale[j];
      }
      y[i] = spam.get(i) ? 1 : 0;
    }

    double[] w = new double[d];
    double b = 0;
    double[] gradient = new double[d];
    for (int step = 0; step < iterations; step++) {
      Arrays.fill(gradient, 0);
      double gradientB = 0;
      for (int i = 0; i < n; i++) {
        double[] zi = z[i];
        double dot = b;
        for (int j = 0; j < d; j++) {
          dot += w[j] * zi[j];
        }
        double error = weights[i] * (SpamModel.sigmoid(dot) - y[i]);
        for (int j = 0; j < d; j++) {
          gradient[j] += error * zi[j];
        }
        gradientB += error;
      }
      for (int j = 0; j < d; j++) {
        w[j] -= learningRate * (gradient[j] / totalWeight + l2 * w[j]);
      }
      b -= learningRate * gradientB / totalWeight;
    }

    double[] raw = new double[d];
    double rawBias = b;
    for (int j = 0; j < d; j++) {
      raw[j] = w[j] / scale[j];
      rawBias -= raw[j] * mean[j];
    }
    return new SpamModel(raw, rawBias);
  }
}
