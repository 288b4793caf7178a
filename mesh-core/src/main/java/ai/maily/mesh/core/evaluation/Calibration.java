package ai.maily.mesh.core.evaluation;

import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.util.ArrayList;
import java.util.List;

/**
 * How well predicted probabilities match what happened: the Brier score, the log loss, the expected
 * calibration error and the reliability table behind it. A calibrated model's examples predicted at
 * 0.3 are positive three times in ten.
 *
 * @param examples how many examples were scored
 * @param brier the mean squared difference between probability and outcome (0 is perfect)
 * @param logLoss the mean negative log-likelihood of the outcomes, probabilities clamped to [1e-15,
 *     1 - 1e-15]
 * @param expectedCalibrationError the mean over bins, weighted by their share of examples, of the
 *     gap between the mean predicted probability and the observed rate
 * @param bins the reliability table: equal-width bins over [0, 1], empty ones included
 */
public record Calibration(
    long examples, double brier, double logLoss, double expectedCalibrationError, List<Bin> bins) {

  private static final double CLAMP = 1e-15;

  /**
   * One bin of the reliability table.
   *
   * @param from the lowest probability in the bin (inclusive)
   * @param to the highest (exclusive, except 1.0 in the last bin)
   * @param count examples whose probability falls in the bin
   * @param meanPredicted their mean predicted probability, 0 when the bin is empty
   * @param observedRate the share of them that were positive, 0 when the bin is empty
   */
  public record Bin(
      double from, double to, long count, double meanPredicted, double observedRate) {}

  public Calibration {
    bins = List.copyOf(bins);
  }

  /**
   * The calibration of these examples, whose scores must be probabilities in [0, 1].
   *
   * @param binCount how many equal-width bins the reliability table has, at least 1
   */
  public static Calibration of(List<Scored> examples, int binCount) {
    if (examples.isEmpty() || binCount < 1) {
      throw new IllegalArgumentException("calibration needs examples and at least one bin");
    }
    long[] counts = new long[binCount];
    double[] predicted = new double[binCount];
    long[] positives = new long[binCount];
    double brier = 0;
    double logLoss = 0;
    for (Scored example : examples) {
      double p = example.score();
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("a probability must lie in [0, 1], not " + p);
      }
      double y = example.positive() ? 1 : 0;
      brier += (p - y) * (p - y);
      double clamped = Math.min(1 - CLAMP, Math.max(CLAMP, p));
      logLoss -= example.positive() ? Math.log(clamped) : Math.log1p(-clamped);
      int bin = Math.min(binCount - 1, (int) (p * binCount));
      counts[bin]++;
      predicted[bin] += p;
      positives[bin] += example.positive() ? 1 : 0;
    }
    int n = examples.size();
    List<Bin> bins = new ArrayList<>(binCount);
    double ece = 0;
    for (int b = 0; b < binCount; b++) {
      double meanPredicted = counts[b] == 0 ? 0 : predicted[b] / counts[b];
      double observed = counts[b] == 0 ? 0 : (double) positives[b] / counts[b];
      ece += (double) counts[b] / n * Math.abs(meanPredicted - observed);
      bins.add(
          new Bin(
              (double) b / binCount,
              (double) (b + 1) / binCount,
              counts[b],
              meanPredicted,
              observed));
    }
    return new Calibration(n, brier / n, logLoss / n, ece, bins);
  }
}
