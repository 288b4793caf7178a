package ai.maily.mesh.agents.copy;

import ai.maily.mesh.agents.embedding.Embedding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maximal marginal relevance (Carbonell and Goldstein, SIGIR 1998): picks, one at a time, the
 * candidate that best trades relevance to the brief against similarity to the ones already picked,
 * so the variants differ in what they say, not just in a word.
 *
 * <p>Each step picks the candidate with the highest {@code lambda * relevance - (1 - lambda) * max
 * similarity to a picked one}; among equal scores the earlier candidate wins, so the result depends
 * only on the inputs.
 */
final class Mmr {

  private Mmr() {}

  /**
   * The indexes of up to {@code k} candidates, in the order picked.
   *
   * @param relevance each candidate's relevance to the brief
   * @param candidates each candidate's embedding, in the same order
   * @param groups each candidate's group, in the same order
   * @param lambda 1 ranks by relevance alone, 0 by difference alone; requires 0 <= lambda <= 1
   */
  static List<Integer> select(
      double[] relevance, List<Embedding> candidates, int[] groups, int k, double lambda) {
    if (relevance.length != candidates.size() || groups.length != candidates.size()) {
      throw new IllegalArgumentException(
          relevance.length
              + " relevances and "
              + groups.length
              + " groups for "
              + candidates.size()
              + " candidates");
    }
    if (lambda < 0 || lambda > 1) {
      throw new IllegalArgumentException("lambda must lie in [0, 1], got " + lambda);
    }
    int n = candidates.size();
    double[] closest = new double[n];
    Arrays.fill(closest, Double.NEGATIVE_INFINITY);
    boolean[] picked = new boolean[n];
    Set<Integer> pickedGroups = new HashSet<>();
    List<Integer> order = new ArrayList<>();
    while (order.size() < Math.min(k, n)) {
      boolean freshGroupLeft = false;
      for (int i = 0; i < n; i++) {
        freshGroupLeft |= !picked[i] && !pickedGroups.contains(groups[i]);
      }
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (picked[i] || freshGroupLeft && pickedGroups.contains(groups[i])) {
          continue;
        }
        double redundancy = order.isEmpty() ? 0 : closest[i];
        double score = lambda * relevance[i] - (1 - lambda) * redundancy;
        if (score > bestScore) {
          best = i;
          bestScore = score;
        }
      }
      picked[best] = true;
      pickedGroups.add(groups[best]);
      order.add(best);
      for (int i = 0; i < n; i++) {
        if (!picked[i]) {
          closest[i] = Math.max(closest[i], candidates.get(i).similarity(candidates.get(best)));
        }
      }
    }
    return order;
  }
}
