package ai.maily.mesh.analytics.predict;

import ai.maily.mesh.core.CborSerializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns a contact's history, the moment of a send and, when there is one, the subject line's
 * embedding into the feature vector of the open and click models. Rates are smoothed towards {@code
 * priorOpenRate} and {@code priorClickRate} with {@code priorStrength} pseudo-sends, then taken as
 * logits; counts and ages enter as log(1 + x); the embedding's components follow the named features
 * unchanged (zeros when absent, with {@code has-subject-embedding} = 0).
 *
 * @param embeddingDimensions the length of the subject embeddings, 0 for none
 * @param priorOpenRate the open rate a contact with no history is assumed to have
 * @param priorClickRate the click rate (per send) a contact with no history is assumed to have
 * @param priorStrength how many sends the prior rates weigh
 * @param hourKernelHalfWidth hours either side pooled for the hour-of-week affinities
 * @param recencyHalfLife the half-life of the recent counts (as in {@link HistorySettings})
 */
public record EngagementFeatures(
    int embeddingDimensions,
    double priorOpenRate,
    double priorClickRate,
    double priorStrength,
    int hourKernelHalfWidth,
    Duration recencyHalfLife)
    implements CborSerializable {

  /** The named features, in vector order; the embedding's components follow them. */
  public static final List<String> NAMES =
      List.of(
          "bias",
          "log-resolved-sends",
          "open-rate",
          "click-rate",
          "recent-open-rate",
          "recent-click-rate",
          "log-recent-sends",
          "age-of-last-open",
          "never-opened",
          "age-of-last-click",
          "never-clicked",
          "age-of-last-send",
          "log-pending-sends",
          "contact-hour-affinity",
          "segment-hour-affinity",
          "log-bounces",
          "opted-out",
          "log-web-visits",
          "log-social-interactions",
          "non-email-share",
          "new-contact",
          "has-subject-embedding");

  private static final double MAX_DAYS = 365;

  /** Counts enter as log(1 + n) / 3, so that 20 sends is about 1. */
  private static final double LOG_SCALE = 3;

  private static final double MILLIS_PER_DAY = 86_400_000.0;

  public EngagementFeatures {
    if (embeddingDimensions < 0
        || !(priorOpenRate > 0 && priorOpenRate < 1)
        || !(priorClickRate > 0 && priorClickRate < 1)
        || !(priorStrength > 0)
        || hourKernelHalfWidth < 0
        || recencyHalfLife == null
        || recencyHalfLife.isNegative()
        || recencyHalfLife.isZero()) {
      throw new IllegalArgumentException("invalid feature settings");
    }
  }

  /**
   * The defaults (ADR 0033) for subject embeddings of {@code embeddingDimensions} (0 for none):
   * priors 20% opens and 3% clicks worth 2 sends, ±2 hours pooled, recency as in {@link
   * HistorySettings#DEFAULTS}.
   */
  public static EngagementFeatures withEmbedding(int embeddingDimensions) {
    return new EngagementFeatures(
        embeddingDimensions, 0.2, 0.03, 2, 2, HistorySettings.DEFAULTS.recencyHalfLife());
  }

  /** The length of every feature vector. */
  public int size() {
    return NAMES.size() + embeddingDimensions;
  }

  /**
   * Every feature's name, the embedding's components named {@code subject-0}, {@code subject-1}...
   */
  public List<String> names() {
    List<String> names = new ArrayList<>(NAMES);
    for (int i = 0; i < embeddingDimensions; i++) {
      names.add("subject-" + i);
    }
    return Collections.unmodifiableList(names);
  }

  /**
   * The features of a send to this contact at {@code sendAt}, from what was known before it.
   *
   * @param segmentHours the contact's segment's hour-of-week counts, or null when unknown
   * @param subjectEmbedding the subject line's embedding of {@link #embeddingDimensions}
   *     components, or null
   */
  public float[] extract(
      ContactHistory history,
      Instant sendAt,
      HourOfWeekCounts segmentHours,
      float[] subjectEmbedding) {
    if (subjectEmbedding != null && subjectEmbedding.length != embeddingDimensions) {
      throw new IllegalArgumentException(
          "the subject embedding has "
              + subjectEmbedding.length
              + " dimensions; this model reads "
              + embeddingDimensions);
    }
    float[] x = new float[size()];
    int hour = HourOfWeek.of(sendAt, history.zone());
    DecayedCounts recent = history.recent().at(sendAt, recencyHalfLife);
    long engagedElsewhere = history.webVisits() + history.socialInteractions();
    double openPrior = logit(priorOpenRate);
    double clickPrior = logit(priorClickRate);
    int i = 0;
    x[i++] = 1;
    x[i++] = (float) (Math.log1p(history.resolvedSends()) / LOG_SCALE);
    x[i++] =
        (float)
            (logit(smoothed(history.openedSends(), history.resolvedSends(), priorOpenRate))
                - openPrior);
    x[i++] =
        (float)
            (logit(smoothed(history.clickedSends(), history.resolvedSends(), priorClickRate))
                - clickPrior);
    x[i++] = (float) (logit(smoothed(recent.opened(), recent.sends(), priorOpenRate)) - openPrior);
    x[i++] =
        (float) (logit(smoothed(recent.clicked(), recent.sends(), priorClickRate)) - clickPrior);
    x[i++] = (float) (Math.log1p(recent.sends()) / LOG_SCALE);
    x[i++] = (float) ageOf(history.lastOpenAt(), sendAt);
    x[i++] = history.lastOpenAt() == null ? 1 : 0;
    x[i++] = (float) ageOf(history.lastClickAt(), sendAt);
    x[i++] = history.lastClickAt() == null ? 1 : 0;
    x[i++] = (float) ageOf(history.lastSendAt(), sendAt);
    x[i++] = (float) Math.log1p(history.pending().size());
    x[i++] = (float) affinity(history.hours(), hour);
    x[i++] = segmentHours == null ? 0 : (float) affinity(segmentHours, hour);
    x[i++] = (float) Math.log1p(history.bounces());
    x[i++] = history.unsubscribes() + history.complaints() > 0 ? 1 : 0;
    x[i++] = (float) (Math.log1p(history.webVisits()) / LOG_SCALE);
    x[i++] = (float) (Math.log1p(history.socialInteractions()) / LOG_SCALE);
    x[i++] = (float) ((double) engagedElsewhere / (engagedElsewhere + history.openedSends() + 1));
    x[i++] = history.resolvedSends() == 0 ? 1 : 0;
    x[i++] = subjectEmbedding == null ? 0 : 1;
    if (subjectEmbedding != null) {
      System.arraycopy(subjectEmbedding, 0, x, i, embeddingDimensions);
    }
    return x;
  }

  /**
   * How much better than the counts' overall open rate the hours around {@code hour} do, as a
   * difference of logits: the pooled rate near the hour is smoothed towards the overall rate, which
   * is itself smoothed towards the prior.
   */
  private double affinity(HourOfWeekCounts counts, int hour) {
    double overall = smoothed(counts.totalOpens(), counts.totalSends(), priorOpenRate);
    double[] near = counts.near(hour, hourKernelHalfWidth);
    double local = (near[1] + priorStrength * overall) / (near[0] + priorStrength);
    return logit(local) - logit(overall);
  }

  private double smoothed(double successes, double trials, double prior) {
    return (successes + priorStrength * prior) / (trials + priorStrength);
  }

  /** log(1 + days since {@code last}) / log(1 + 365), in [0, 1]; 1 when there was none. */
  private static double ageOf(Instant last, Instant now) {
    if (last == null) {
      return 1;
    }
    double days = Math.max(0, Duration.between(last, now).toMillis() / MILLIS_PER_DAY);
    return Math.log1p(Math.min(MAX_DAYS, days)) / Math.log1p(MAX_DAYS);
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }
}
