package ai.maily.mesh.core.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The area under the ROC curve of a score that should rank positives above negatives: the chance
 * that a random positive scores higher than a random negative, ties counting half (the Mann-Whitney
 * U statistic over the number of pairs).
 */
public final class RocAuc {

  private RocAuc() {}

  /** One scored example. */
  public record Scored(double score, boolean positive) {}

  /** The AUC of these examples; requires at least one positive and one negative. */
  public static double of(List<Scored> examples) {
    List<Scored> sorted = new ArrayList<>(examples);
    sorted.sort(Comparator.comparingDouble(Scored::score));
    long positives = sorted.stream().filter(Scored::positive).count();
    long negatives = sorted.size() - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("the AUC needs positives and negatives");
    }
    // Ranks from 1, ties sharing the mean of their ranks.
    double rankSum = 0;
    int i = 0;
    while (i < sorted.size()) {
      int j = i;
      while (j + 1 < sorted.size() && sorted.get(j + 1).score() == sorted.get(i).score()) {
        j++;
      }
      double meanRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (sorted.get(k).positive()) {
          rankSum += meanRank;
        }
      }
      i = j + 1;
    }
    double u = rankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }
}
