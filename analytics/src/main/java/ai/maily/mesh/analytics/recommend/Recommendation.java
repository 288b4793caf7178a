package ai.maily.mesh.analytics.recommend;

import ai.maily.mesh.core.CborSerializable;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * Advice for a marketer or the optimizer agent, with how sure the rule is and what it saw.
 *
 * @param code a stable identifier of the advice, e.g. {@code bounce-rate-above-threshold}
 * @param rule the kind of rule that gave it
 * @param subject what it is about: a campaign, segment or tenant, as the caller named it
 * @param message the advice in a sentence
 * @param confidence how sure the rule is, in [0, 1] (each rule documents what it means)
 * @param evidence the numbers behind it, by name
 */
public record Recommendation(
    String code,
    Rule rule,
    String subject,
    String message,
    double confidence,
    Map<String, Double> evidence)
    implements CborSerializable {

  /** Most confident first. */
  public static final Comparator<Recommendation> MOST_CONFIDENT_FIRST =
      Comparator.comparingDouble(Recommendation::confidence).reversed();

  /** The four kinds of rule. */
  public enum Rule {
    /** A rate is beyond a fixed limit. */
    THRESHOLD,
    /** A rate has been moving the wrong way for several buckets. */
    TREND,
    /** A bucket's rate left its usual range. */
    ANOMALY,
    /** One option does better than another. */
    COMPARISON
  }

  public Recommendation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("a confidence lies in [0, 1], not " + confidence);
    }
    evidence = Map.copyOf(evidence);
  }
}
