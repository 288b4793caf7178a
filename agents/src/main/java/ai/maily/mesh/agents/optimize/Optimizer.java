package ai.maily.mesh.agents.optimize;

import ai.maily.mesh.agents.optimize.Decision.Scored;
import ai.maily.mesh.agents.optimize.Decision.SendTime;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.HourOfWeek;
import ai.maily.mesh.core.predict.RateEstimate;
import ai.maily.mesh.core.predict.SendTimeForecast;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses a subject, preheader, body and send time. Rates come from predictions when the agent has
 * them for every option, else from the priors: the industry's benchmark, shifted on the log-odds
 * scale by the options' {@link SubjectFeatures} and {@link BodyFeatures} and by the send hour, with
 * a Beta interval ({@link BetaIntervals}).
 *
 * <p>Options compliance objected to are passed over while others remain; among the rest the highest
 * expected rate wins, then the copywriter's score, then the copywriter's order.
 */
final class Optimizer {

  private static final Duration WEEK = Duration.ofDays(7);

  private final Priors priors;

  Optimizer(Priors priors) {
    this.priors = priors;
  }

  /** A decision from the priors alone. */
  Decision fromPriors(OptimizerInput input, Instant now, List<String> notes) {
    return decide(input, now, Optional.empty(), notes);
  }

  /** A decision from forecasts, which hold one for every subject and every body. */
  Decision fromPredictions(
      OptimizerInput input, Instant now, Forecasts forecasts, List<String> notes) {
    return decide(input, now, Optional.of(forecasts), notes);
  }

  /**
   * The subject the priors or {@code subjectForecasts} rank first; the agent asks for the bodies'
   * forecasts with it.
   */
  Option bestSubject(OptimizerInput input, Map<String, EngagementForecast> subjectForecasts) {
    return ranked(
            input.subjects().stream()
                .map(s -> new Scored(s, subjectForecasts.get(s.id()).open(), List.of()))
                .toList())
        .get(0)
        .option();
  }

  private Decision decide(
      OptimizerInput input, Instant now, Optional<Forecasts> forecasts, List<String> given) {
    List<String> notes = new ArrayList<>(given);
    if (!input.compliance()) {
      notes.add(
          "no compliance output among the step's dependencies: options were weighed with the"
              + " optimizer's own spam-trigger penalty only");
    }
    SendTime sendTime = sendTime(input, now, forecasts.flatMap(Forecasts::sendTime));
    double timeShift = Math.log(priors.sendTime().index(sendTime.hour()));
    Priors.IndustryRates industry = input.industry();

    List<Scored> subjects =
        ranked(
            input.subjects().stream()
                .map(
                    subject ->
                        forecasts
                            .map(f -> predicted(subject, f.subjects().get(subject.id()).open()))
                            .orElseGet(() -> priorOpen(subject, industry, timeShift)))
                .toList());
    Scored subject = chosen(subjects, "subjects", "expected open rate");
    double openMean = subject.rate().expected();

    List<Scored> bodies =
        ranked(
            input.bodies().stream()
                .map(
                    body ->
                        forecasts
                            .map(f -> predicted(body, f.bodies().get(body.id()).click()))
                            .orElseGet(() -> priorClick(body, industry, openMean)))
                .toList());
    Optional<Scored> body =
        bodies.isEmpty()
            ? Optional.empty()
            : Optional.of(chosen(bodies, "bodies", "expected click rate"));

    Optional<Scored> preheader = preheader(input, subject);
    RateEstimate click =
        body.map(Scored::rate)
            .orElseGet(
                () ->
                    forecasts
                        .map(f -> f.subjects().get(subject.option().id()).click())
                        .orElseGet(
                            () ->
                                BetaIntervals.of(
                                    openMean * industry.clickToOpen(),
                                    priors.clickStrength(),
                                    priors.level())));
    return new Decision(
        forecasts.isPresent() ? Decision.PREDICTIONS : Decision.PRIORS,
        subject,
        preheader,
        body,
        subject.rate(),
        click,
        sendTime,
        subjects,
        bodies,
        industry,
        priors.industrySource(),
        notes);
  }

  private Scored priorOpen(Option subject, Priors.IndustryRates industry, double timeShift) {
    List<Effect> effects = SubjectFeatures.of(subject.text());
    double mean = logistic(logit(industry.open()) + Effect.total(effects) + timeShift);
    List<String> reasons = new ArrayList<>();
    reasons.add(
        String.format(
            Locale.ROOT, "%s benchmark open rate %.4f", industry.label(), industry.open()));
    effects.forEach(effect -> reasons.add(effect.reason()));
    reasons.add(String.format(Locale.ROOT, "send hour: odds ×%.2f", Math.exp(timeShift)));
    return new Scored(
        subject, BetaIntervals.of(mean, priors.openStrength(), priors.level()), reasons);
  }

  private Scored priorClick(Option body, Priors.IndustryRates industry, double openMean) {
    List<Effect> effects = BodyFeatures.of(body.text(), body.html());
    double clickToOpen = logistic(logit(industry.clickToOpen()) + Effect.total(effects));
    List<String> reasons = new ArrayList<>();
    reasons.add(
        String.format(
            Locale.ROOT,
            "%s benchmark click-to-open %.4f",
            industry.label(),
            industry.clickToOpen()));
    effects.forEach(effect -> reasons.add(effect.reason()));
    return new Scored(
        body,
        BetaIntervals.of(openMean * clickToOpen, priors.clickStrength(), priors.level()),
        reasons);
  }

  private static Scored predicted(Option option, RateEstimate rate) {
    return new Scored(option, rate, List.of("predicted from the audience's engagement history"));
  }

  /**
   * Unflagged first, then by expected rate weighed by brand voice ({@link BrandVoiceScores}), then
   * by the copywriter's score; stable.
   */
  private static List<Scored> ranked(List<Scored> scored) {
    return scored.stream()
        .sorted(
            Comparator.comparing((Scored s) -> s.option().flagged())
                .thenComparing(s -> -s.rate().expected() * s.option().voiceFactor())
                .thenComparing(s -> -s.option().score()))
        .toList();
  }

  /** The first of a ranking, with the reasons it was chosen over the others. */
  private static Scored chosen(List<Scored> ranked, String kind, String measure) {
    Scored best = ranked.get(0);
    List<String> reasons = new ArrayList<>();
    long unflagged = ranked.stream().filter(s -> !s.option().flagged()).count();
    reasons.add(
        unflagged == ranked.size() || unflagged == 0
            ? String.format(
                Locale.ROOT,
                "highest %s of %d %s: %.4f",
                measure,
                ranked.size(),
                kind,
                best.rate().expected())
            : String.format(
                Locale.ROOT,
                "highest %s of the %d %s not flagged (of %d): %.4f",
                measure,
                unflagged,
                kind,
                ranked.size(),
                best.rate().expected()));
    if (best.option().flagged()) {
      reasons.add("every one of the " + kind + " was flagged; this one is the least bad");
      reasons.addAll(best.option().flags());
    }
    for (Scored other : ranked) {
      if (other.option().flagged() && other != best) {
        reasons.add(
            "passed over "
                + other.option().id()
                + ": "
                + String.join("; ", other.option().flags()));
      }
    }
    best.option().voice().ifPresent(voice -> reasons.add(voice.reason()));
    for (Scored other : ranked) {
      if (!other.option().flagged()
          && other != best
          && other.rate().expected() > best.rate().expected()) {
        other
            .option()
            .voice()
            .ifPresent(
                voice ->
                    reasons.add(
                        String.format(
                            Locale.ROOT,
                            "passed over %s (%.4f expected): %s",
                            other.option().id(),
                            other.rate().expected(),
                            voice.reason())));
      }
    }
    reasons.addAll(best.reasons());
    return new Scored(best.option(), best.rate(), reasons);
  }

  /** The unflagged preheader the copywriter scored highest; a flagged one only if all are. */
  private static Optional<Scored> preheader(OptimizerInput input, Scored subject) {
    return input.preheaders().stream()
        .filter(p -> !p.text().equalsIgnoreCase(subject.option().text()))
        .sorted(
            Comparator.comparing(Option::flagged)
                .thenComparing(p -> -p.voiceFactor())
                .thenComparing(p -> -p.score()))
        .findFirst()
        .map(
            p ->
                new Scored(
                    p,
                    subject.rate(),
                    p.flagged()
                        ? p.flags()
                        : List.of(
                            String.format(
                                Locale.ROOT,
                                "the copywriter's most relevant preheader compliance did not"
                                    + " flag (%.3f)",
                                p.score()))));
  }

  private SendTime sendTime(
      OptimizerInput input, Instant now, Optional<SendTimeForecast> predicted) {
    ZonedDateTime from = input.notBefore().orElse(now).atZone(input.zone());
    ZonedDateTime until =
        input
            .notAfter()
            .map(at -> at.atZone(input.zone()))
            .filter(at -> at.isBefore(from.plus(WEEK)))
            .orElse(from.plus(WEEK));
    if (predicted.isPresent()) {
      HourOfWeek hour = predicted.get().hour();
      ZonedDateTime at = hour.nextAt(from);
      if (!at.isAfter(until)) {
        return new SendTime(
            hour,
            at,
            Decision.PREDICTIONS,
            "the audience's most-opened hour of the week in its history");
      }
      return priorSendTime(from, until, "the predicted best hour falls outside the send window; ");
    }
    return priorSendTime(from, until, "");
  }

  private SendTime priorSendTime(ZonedDateTime from, ZonedDateTime until, String preface) {
    ZonedDateTime start = from.truncatedTo(ChronoUnit.HOURS);
    if (start.isBefore(from)) {
      start = start.plusHours(1);
    }
    ZonedDateTime best = from;
    double bestIndex = Double.NEGATIVE_INFINITY;
    for (ZonedDateTime t = start; !t.isAfter(until); t = t.plusHours(1)) {
      double index = priors.sendTime().index(HourOfWeek.of(t));
      if (index > bestIndex) {
        best = t;
        bestIndex = index;
      }
    }
    HourOfWeek hour = HourOfWeek.of(best);
    return new SendTime(
        hour,
        best,
        Decision.PRIORS,
        String.format(
            Locale.ROOT,
            "%sthe send-time prior's best hour in the window: %s %02d:00, open odds ×%.2f of"
                + " weekday working hours",
            preface,
            capitalised(hour.day().name()),
            hour.hour(),
            priors.sendTime().index(hour)));
  }

  private static String capitalised(String name) {
    return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
  }

  static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  static double logistic(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /**
   * What the node's predictions answered.
   *
   * @param subjects each subject's forecast, by option id
   * @param bodies each body's forecast with the chosen subject, by option id
   * @param sendTime the audience's best hour, if the predictions know it
   */
  record Forecasts(
      Map<String, EngagementForecast> subjects,
      Map<String, EngagementForecast> bodies,
      Optional<SendTimeForecast> sendTime) {

    Forecasts {
      subjects = Map.copyOf(subjects);
      bodies = Map.copyOf(bodies);
    }
  }
}
