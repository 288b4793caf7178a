package ai.maily.mesh.analytics.synthetic;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.core.evaluation.Calibration;
import java.util.List;

/**
 * What {@link ModelEvaluation} found: how each predictor did on the held-out weeks of a synthetic
 * world, against the world's truth.
 *
 * @param settings the world
 * @param events events replayed
 * @param trainingExamples resolved sends the models learned from before the held-out weeks
 * @param heldOutSends sends in the held-out weeks
 * @param open open-probability scorers on the held-out sends
 * @param click click-probability scorers on the held-out sends
 * @param sendHours send-hour methods against each contact's true preferred hour
 * @param segmentHours each segment's estimated best hour against its true one
 * @param forecasts forecast intervals against the held-out campaigns' actual counts
 * @param anomalies the anomalies found in the daily buckets of the whole period
 * @param incidentDay the day of the injected bounce incident (ISO date)
 * @param incidentFound whether a bad bounce anomaly was found on that day
 * @param recommendations the advice the rules give on the held-out weeks
 */
public record EvaluationReport(
    SyntheticSettings settings,
    long events,
    long trainingExamples,
    long heldOutSends,
    List<Scorer> open,
    List<Scorer> click,
    List<SendHourMethod> sendHours,
    List<SegmentHour> segmentHours,
    List<ForecastCheck> forecasts,
    List<Anomaly> anomalies,
    String incidentDay,
    boolean incidentFound,
    List<Recommendation> recommendations) {

  /**
   * One way of scoring sends.
   *
   * @param name what it is
   * @param auc its ROC AUC
   * @param calibration its calibration (Brier, log loss, ECE, reliability table)
   */
  public record Scorer(String name, double auc, Calibration calibration) {}

  /**
   * One way of choosing a contact's send hour.
   *
   * @param name what it is
   * @param contacts contacts judged
   * @param meanAffinity the mean true affinity of the chosen hour (1 = the preferred hour)
   * @param exact share of contacts whose chosen hour is their preferred one
   * @param withinOne share within ±1 hour of the week
   * @param withinThree share within ±3 hours of the week
   */
  public record SendHourMethod(
      String name,
      int contacts,
      double meanAffinity,
      double exact,
      double withinOne,
      double withinThree) {}

  /**
   * A segment's best hour.
   *
   * @param segment its name
   * @param trueBest the hour its members' mean affinity peaks at
   * @param estimated the send-time model's best hour
   * @param distance hours between them
   * @param rateLow the lower end of the estimated open rate's interval at that hour
   * @param rate the estimated open rate at that hour
   * @param rateHigh the upper end
   */
  public record SegmentHour(
      String segment,
      String trueBest,
      String estimated,
      int distance,
      double rateLow,
      double rate,
      double rateHigh) {}

  /**
   * Forecast intervals checked against what happened.
   *
   * @param basis {@code segment-history} or {@code contact-predictions}
   * @param metric {@code opens} or {@code clicks}
   * @param forecasts how many (campaign, segment) pairs were forecast
   * @param coverage the share whose interval held the actual count
   * @param level the intervals' nominal probability
   * @param meanAbsolutePercentError mean |expected - actual| / actual
   * @param meanRelativeWidth mean interval width / actual
   */
  public record ForecastCheck(
      String basis,
      String metric,
      int forecasts,
      double coverage,
      double level,
      double meanAbsolutePercentError,
      double meanRelativeWidth) {}

  public EvaluationReport {
    open = List.copyOf(open);
    click = List.copyOf(click);
    sendHours = List.copyOf(sendHours);
    segmentHours = List.copyOf(segmentHours);
    forecasts = List.copyOf(forecasts);
    anomalies = List.copyOf(anomalies);
    recommendations = List.copyOf(recommendations);
  }

  /** The scorer of that name among the open scorers. */
  public Scorer openScorer(String name) {
    return open.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The scorer of that name among the click scorers. */
  public Scorer clickScorer(String name) {
    return click.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** The send-hour method of that name. */
  public SendHourMethod sendHourMethod(String name) {
    return sendHours.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
