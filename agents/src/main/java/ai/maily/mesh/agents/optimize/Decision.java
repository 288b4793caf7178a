package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.core.predict.HourOfWeek;
import ai.maily.mesh.core.predict.RateEstimate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the optimizer chose and why.
 *
 * @param source {@code priors} or {@code predictions}: where the rates come from
 * @param subject the chosen subject
 * @param preheader the chosen preheader, if there were any
 * @param body the chosen body, if there were any
 * @param open the expected open rate of the choice
 * @param click the expected click rate of the choice (per delivered email)
 * @param sendTime when to send
 * @param subjects every subject with its expected open rate, best first
 * @param bodies every body with its expected click rate, best first
 * @param industry the benchmark the priors started from
 * @param industrySource where the benchmark comes from
 * @param notes what the reader should know about the basis, e.g. that nothing was checked
 */
record Decision(
    String source,
    Scored subject,
    Optional<Scored> preheader,
    Optional<Scored> body,
    RateEstimate open,
    RateEstimate click,
    SendTime sendTime,
    List<Scored> subjects,
    List<Scored> bodies,
    Priors.IndustryRates industry,
    String industrySource,
    List<String> notes) {

  /** Rates from the industry benchmarks and the features' effects. */
  static final String PRIORS = "priors";

  /** Rates from the node's registered predictions. */
  static final String PREDICTIONS = "predictions";

  /**
   * An option with its expected rate.
   *
   * @param option the subject, preheader or body
   * @param rate its expected open rate (subjects) or click rate (bodies); for a preheader, the
   *     chosen subject's open rate
   * @param reasons why it ranks where it does: the features' effects or the prediction's basis
   */
  record Scored(Option option, RateEstimate rate, List<String> reasons) {

    Scored {
      reasons = List.copyOf(reasons);
    }
  }

  /**
   * When to send.
   *
   * @param hour the hour of the week, in the audience's zone
   * @param at the first start of that hour in the send window
   * @param source {@code priors} or {@code predictions}
   * @param reason why this hour
   */
  record SendTime(HourOfWeek hour, ZonedDateTime at, String source, String reason) {}
}
