package ai.maily.mesh.analytics.rates;

import ai.maily.mesh.analytics.stats.Proportion;
import java.util.function.ToLongFunction;

/**
 * A rate the anomaly detector and the recommendations watch: its numerator and denominator in
 * {@link EngagementCounts}, and which way is bad.
 */
public enum RateMetric {
  /** Bounces per message sent: a list or reputation problem when it rises. */
  BOUNCE("bounce-rate", EngagementCounts::bounces, EngagementCounts::sent, Direction.UP),
  /** Spam complaints per delivered message: mailbox providers act on this one. */
  COMPLAINT(
      "complaint-rate", EngagementCounts::complaints, EngagementCounts::delivered, Direction.UP),
  /** Unique opens per delivered message. */
  OPEN("open-rate", EngagementCounts::uniqueOpens, EngagementCounts::delivered, Direction.DOWN),
  /** Unique clicks per delivered message. */
  CLICK("click-rate", EngagementCounts::uniqueClicks, EngagementCounts::delivered, Direction.DOWN),
  /** Unsubscribes per delivered message. */
  UNSUBSCRIBE(
      "unsubscribe-rate",
      EngagementCounts::unsubscribes,
      EngagementCounts::delivered,
      Direction.UP);

  /** Which movement of a rate is the one to worry about. */
  public enum Direction {
    UP,
    DOWN;

    /** +1 when a rising rate is bad, -1 when a falling one is. */
    public int sign() {
      return this == UP ? 1 : -1;
    }
  }

  private final String code;
  private final ToLongFunction<EngagementCounts> numerator;
  private final ToLongFunction<EngagementCounts> denominator;
  private final Direction bad;

  RateMetric(
      String code,
      ToLongFunction<EngagementCounts> numerator,
      ToLongFunction<EngagementCounts> denominator,
      Direction bad) {
    this.code = code;
    this.numerator = numerator;
    this.denominator = denominator;
    this.bad = bad;
  }

  /** The metric's name in JSON and in recommendation codes, e.g. {@code bounce-rate}. */
  public String code() {
    return code;
  }

  /** The direction in which a change is bad. */
  public Direction bad() {
    return bad;
  }

  /**
   * The metric's successes and trials in {@code counts}; the numerator is capped at the
   * denominator, since events can arrive before the delivery they belong to is counted.
   */
  public Proportion of(EngagementCounts counts) {
    long trials = denominator.applyAsLong(counts);
    return new Proportion(Math.min(numerator.applyAsLong(counts), trials), trials);
  }
}
