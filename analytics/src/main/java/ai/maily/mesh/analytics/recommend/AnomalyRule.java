package ai.maily.mesh.analytics.recommend;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.recommend.Recommendation.Rule;
import ai.maily.mesh.analytics.stats.Normal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Advises on anomalies that moved the bad way (a rise in bounces, a fall in opens). The confidence
 * is 2Φ(|z|) - 1: the probability that a normal deviation would be smaller than the one seen.
 */
public final class AnomalyRule {

  private AnomalyRule() {}

  /** The advice for {@code subject}'s anomalies, one per anomaly that hurts. */
  public static List<Recommendation> check(String subject, List<Anomaly> anomalies) {
    return anomalies.stream()
        .filter(Anomaly::bad)
        .map(
            a ->
                new Recommendation(
                    a.metric().code() + "-anomaly",
                    Rule.ANOMALY,
                    subject,
                    String.format(
                        Locale.ROOT,
                        "The %s was %.2f%% in the bucket from %s, against %.2f%% expected (z = %.1f):"
                            + " look at what was sent then, and to whom.",
                        a.metric().code().replace('-', ' '),
                        100 * a.observed(),
                        a.bucketStart(),
                        100 * a.expected(),
                        a.z()),
                    2 * Normal.cdf(Math.abs(a.z())) - 1,
                    Map.of(
                        "observed", a.observed(),
                        "expected", a.expected(),
                        "z", a.z(),
                        "trials", (double) a.trials(),
                        "bucketStartEpochSecond", (double) a.bucketStart().getEpochSecond())))
        .toList();
  }
}
