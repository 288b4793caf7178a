package ai.maily.mesh.analytics.synthetic;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.anomaly.AnomalyMonitor;
import ai.maily.mesh.analytics.anomaly.EwmaSettings;
import ai.maily.mesh.analytics.predict.BestHour;
import ai.maily.mesh.analytics.predict.CampaignForecast;
import ai.maily.mesh.analytics.predict.CampaignForecaster;
import ai.maily.mesh.analytics.predict.ContactEvent;
import ai.maily.mesh.analytics.predict.ContactHistory;
import ai.maily.mesh.analytics.predict.EngagementFeatures;
import ai.maily.mesh.analytics.predict.EngagementLearner;
import ai.maily.mesh.analytics.predict.EngagementModel;
import ai.maily.mesh.analytics.predict.EngagementPrediction;
import ai.maily.mesh.analytics.predict.ForecastSettings;
import ai.maily.mesh.analytics.predict.FtrlSettings;
import ai.maily.mesh.analytics.predict.HistorySettings;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.predict.Logistic;
import ai.maily.mesh.analytics.predict.SendTimeModel;
import ai.maily.mesh.analytics.predict.SendTimeSettings;
import ai.maily.mesh.analytics.predict.TrackedSend;
import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.AnomalyRule;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.analytics.recommend.ThresholdRule;
import ai.maily.mesh.analytics.recommend.TrendRule;
import ai.maily.mesh.analytics.stats.Estimate;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.ForecastCheck;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.Scorer;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.SegmentHour;
import ai.maily.mesh.analytics.synthetic.EvaluationReport.SendHourMethod;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Campaign;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Contact;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.Send;
import ai.maily.mesh.analytics.synthetic.SyntheticDataset.TimedEvent;
import ai.maily.mesh.core.evaluation.Calibration;
import ai.maily.mesh.core.evaluation.RocAuc;
import ai.maily.mesh.core.evaluation.RocAuc.Scored;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays a {@link SyntheticDataset} through the models as a projection would (every event in time
 * order, a sweep of due sends every midnight), and scores them on the held-out weeks against the
 * world's truth: open and click probabilities (ROC AUC and calibration of the model learning on, of
 * the same model frozen at the split, and without the subject embedding, beside the contact's
 * smoothed past rate and the true probability with and without the campaign's appeal), send hours
 * (against each contact's preferred hour), forecasts (interval coverage on the held-out campaigns),
 * and anomalies (the injected bounce incident).
 */
public final class ModelEvaluation {

  /** The model as a node runs it: it keeps learning from sends resolved in the held-out weeks. */
  public static final String MODEL = "online model, learning on";

  /** The same model with its weights frozen at the split. */
  public static final String MODEL_FROZEN = "online model, frozen at the split";

  /** The model without the subject embedding, learning on. */
  public static final String MODEL_WITHOUT_EMBEDDING = "online model without subject embedding";

  /** The contact's smoothed past rate, the simplest predictor. */
  public static final String CONTACT_RATE = "contact's smoothed past rate";

  /**
   * The true probability with the campaign's appeal replaced by the mean appeal of the campaigns
   * before the split: the best a model could do that cannot tell subject lines apart.
   */
  public static final String TRUTH_WITHOUT_APPEAL = "true probability, campaign appeal unknown";

  /** The true probability: the ceiling. */
  public static final String TRUTH = "true probability";

  private static final List<String> SCORERS =
      List.of(
          MODEL, MODEL_FROZEN, MODEL_WITHOUT_EMBEDDING, CONTACT_RATE, TRUTH_WITHOUT_APPEAL, TRUTH);

  public static final String SEND_TIME_MODEL = "send-time model (contact, segment as prior)";
  public static final String SEGMENT_HOUR = "segment's best hour for everyone";
  public static final String OWN_RATES = "contact's own raw rates (segment's hour if none)";
  public static final String RANDOM_HOUR = "a random hour (expected)";

  private static final int BINS = 10;

  /**
   * The models' settings for an evaluation.
   *
   * @param ftrl the open and click models' hyper-parameters
   * @param history how histories follow sends
   * @param sendTime the send-time model's smoothing
   * @param forecast the forecasts' level and dispersion
   * @param ewma the anomaly detector's settings
   */
  public record Settings(
      FtrlSettings ftrl,
      HistorySettings history,
      SendTimeSettings sendTime,
      ForecastSettings forecast,
      EwmaSettings ewma) {

    public static final Settings DEFAULTS =
        new Settings(
            FtrlSettings.DEFAULTS,
            HistorySettings.DEFAULTS,
            SendTimeSettings.DEFAULTS,
            ForecastSettings.DEFAULTS,
            EwmaSettings.DEFAULTS);
  }

  private final SyntheticDataset data;
  private final Settings settings;
  private final List<Contact> contacts;
  private final ContactHistory[] withEmbedding;
  private final ContactHistory[] withoutEmbedding;
  private final HourOfWeekCounts[] segmentHours;
  private final EngagementLearner learner;
  private final EngagementLearner plainLearner;
  private final Map<String, Send> truth = new HashMap<>();
  private final Map<String, List<EngagementPrediction>> heldOutPredictions = new HashMap<>();
  private final List<List<Scored>> openScores = new ArrayList<>();
  private final List<List<Scored>> clickScores = new ArrayList<>();
  private EngagementModel frozen;
  private List<SendHourMethod> sendHours;
  private List<SegmentHour> segmentBest;
  private long trainingExamples;
  private final double meanAppeal;

  private ModelEvaluation(SyntheticDataset data, Settings settings) {
    this.data = data;
    this.settings = settings;
    this.contacts = data.contacts();
    int n = contacts.size();
    this.withEmbedding = new ContactHistory[n];
    this.withoutEmbedding = new ContactHistory[n];
    for (int c = 0; c < n; c++) {
      withEmbedding[c] = ContactHistory.empty(ZoneOffset.UTC);
      withoutEmbedding[c] = ContactHistory.empty(ZoneOffset.UTC);
    }
    this.segmentHours = new HourOfWeekCounts[data.segments().size()];
    for (int s = 0; s < segmentHours.length; s++) {
      segmentHours[s] = HourOfWeekCounts.empty();
    }
    this.learner =
        new EngagementLearner(
            EngagementModel.create(
                EngagementFeatures.withEmbedding(data.settings().embeddingDimensions()),
                settings.ftrl()),
            settings.history());
    this.plainLearner =
        new EngagementLearner(
            EngagementModel.create(EngagementFeatures.withEmbedding(0), settings.ftrl()),
            settings.history());
    for (Send send : data.sends()) {
      truth.put(key(send.contact(), data.campaigns().get(send.campaign()).id()), send);
    }
    for (int i = 0; i < SCORERS.size(); i++) {
      openScores.add(new ArrayList<>());
      clickScores.add(new ArrayList<>());
    }
    this.meanAppeal =
        data.campaigns().stream()
            .filter(c -> c.sentOn().isBefore(data.split()))
            .mapToDouble(Campaign::appeal)
            .average()
            .orElse(0);
  }

  /** Replays {@code data} and scores the models; deterministic for a given dataset. */
  public static EvaluationReport run(SyntheticDataset data, Settings settings) {
    return new ModelEvaluation(data, settings).run();
  }

  private EvaluationReport run() {
    Instant split = data.split();
    Instant nextSweep = data.settings().start().plus(Duration.ofDays(1));
    for (TimedEvent timed : data.events()) {
      Instant at = timed.event().at();
      while (!at.isBefore(nextSweep)) {
        sweep(nextSweep);
        if (frozen == null && !nextSweep.isBefore(split)) {
          freeze();
        }
        nextSweep = nextSweep.plus(Duration.ofDays(1));
      }
      if (frozen == null && !at.isBefore(split)) {
        sweep(split);
        freeze();
      }
      if (frozen != null && timed.event() instanceof ContactEvent.Sent sent) {
        score(timed.contact(), sent);
      }
      observe(timed.contact(), timed.event());
    }
    List<Scorer> open = scorers(openScores);
    List<Scorer> click = scorers(clickScores);
    AnomalyFindings anomalies = anomalies();
    return new EvaluationReport(
        data.settings(),
        data.events().size(),
        trainingExamples,
        openScores.get(0).size(),
        open,
        click,
        sendHours,
        segmentBest,
        forecasts(),
        anomalies.anomalies(),
        anomalies.incidentDay(),
        anomalies.incidentFound(),
        recommendations(anomalies));
  }

  private void observe(int contact, ContactEvent event) {
    int segment = contacts.get(contact).segment();
    EngagementLearner.Update update =
        learner.observe(withEmbedding[contact], event, segmentHours[segment]);
    withEmbedding[contact] = update.history();
    countResolved(segment, update.resolved());
    ContactEvent plain =
        event instanceof ContactEvent.Sent sent
            ? new ContactEvent.Sent(sent.campaignId(), sent.at(), null)
            : event;
    withoutEmbedding[contact] =
        plainLearner.observe(withoutEmbedding[contact], plain, segmentHours[segment]).history();
  }

  /** Resolves every contact's due sends, as a projection's periodic sweep does. */
  private void sweep(Instant now) {
    for (int c = 0; c < contacts.size(); c++) {
      EngagementLearner.Update update = learner.resolveDue(withEmbedding[c], now);
      withEmbedding[c] = update.history();
      countResolved(contacts.get(c).segment(), update.resolved());
      withoutEmbedding[c] = plainLearner.resolveDue(withoutEmbedding[c], now).history();
    }
  }

  private void countResolved(int segment, List<TrackedSend> resolved) {
    for (TrackedSend send : resolved) {
      segmentHours[segment] = segmentHours[segment].with(send.hourOfWeek(), send.opened());
    }
  }

  private void freeze() {
    frozen = EngagementModel.restore(learner.model().snapshot());
    trainingExamples = learner.model().openModel().examples();
    judgeSendHours();
  }

  private void score(int contact, ContactEvent.Sent sent) {
    Send send = truth.get(key(contact, sent.campaignId()));
    int segment = contacts.get(contact).segment();
    ContactHistory history = withEmbedding[contact];
    float[] x =
        learner
            .model()
            .features()
            .extract(history, sent.at(), segmentHours[segment], sent.subjectEmbedding());
    float[] plain =
        plainLearner
            .model()
            .features()
            .extract(withoutEmbedding[contact], sent.at(), segmentHours[segment], null);
    EngagementPrediction model = learner.model().predict(x);
    EngagementPrediction modelFrozen = frozen.predict(x);
    EngagementPrediction withoutSubject = plainLearner.model().predict(plain);
    double prior = 2;
    double openRate = (history.openedSends() + prior * 0.2) / (history.resolvedSends() + prior);
    double clickRate = (history.clickedSends() + prior * 0.03) / (history.resolvedSends() + prior);
    double appeal = data.campaigns().get(send.campaign()).appeal();
    double openWithoutAppeal =
        Logistic.sigmoid(logit(send.openProbability()) - appeal + meanAppeal);
    double clickGivenOpen = send.clickProbability() / send.openProbability();
    double clickWithoutAppeal =
        openWithoutAppeal
            * Logistic.sigmoid(
                logit(clickGivenOpen) - SyntheticWorld.CLICK_APPEAL * (appeal - meanAppeal));
    double[] opens = {
      model.open(),
      modelFrozen.open(),
      withoutSubject.open(),
      openRate,
      openWithoutAppeal,
      send.openProbability()
    };
    double[] clicks = {
      model.click(),
      modelFrozen.click(),
      withoutSubject.click(),
      clickRate,
      clickWithoutAppeal,
      send.clickProbability()
    };
    for (int i = 0; i < opens.length; i++) {
      openScores.get(i).add(new Scored(opens[i], send.opened()));
      clickScores.get(i).add(new Scored(clicks[i], send.clicked()));
    }
    heldOutPredictions
        .computeIfAbsent(sent.campaignId() + "|" + segment, k -> new ArrayList<>())
        .add(model);
  }

  private static double logit(double p) {
    return Math.log(p / (1 - p));
  }

  private static List<Scorer> scorers(List<List<Scored>> scores) {
    List<Scorer> scorers = new ArrayList<>();
    for (int i = 0; i < SCORERS.size(); i++) {
      scorers.add(
          new Scorer(
              SCORERS.get(i), RocAuc.of(scores.get(i)), Calibration.of(scores.get(i), BINS)));
    }
    return scorers;
  }

  private void judgeSendHours() {
    SendTimeModel model = new SendTimeModel(settings.sendTime());
    int[] segmentChoice = new int[segmentHours.length];
    for (int s = 0; s < segmentHours.length; s++) {
      segmentChoice[s] = model.bestForSegment(segmentHours[s]).hourOfWeek();
    }
    double[][] tally = new double[4][4];
    for (Contact contact : contacts) {
      int preferred = contact.preferredHour();
      HourOfWeekCounts own = withEmbedding[contact.id()].hours();
      int[] choices = {
        model.bestForContact(own, segmentHours[contact.segment()]).hourOfWeek(),
        segmentChoice[contact.segment()],
        ownBest(own, segmentChoice[contact.segment()])
      };
      for (int m = 0; m < choices.length; m++) {
        tally(tally[m], choices[m], preferred);
      }
      double randomAffinity = 0;
      for (int h = 0; h < HourOfWeek.HOURS; h++) {
        randomAffinity += SyntheticWorld.affinity(h, preferred);
      }
      tally[3][0] += randomAffinity / HourOfWeek.HOURS;
      tally[3][1] += 1.0 / HourOfWeek.HOURS;
      tally[3][2] += 3.0 / HourOfWeek.HOURS;
      tally[3][3] += 7.0 / HourOfWeek.HOURS;
    }
    String[] names = {SEND_TIME_MODEL, SEGMENT_HOUR, OWN_RATES, RANDOM_HOUR};
    int n = contacts.size();
    sendHours = new ArrayList<>();
    for (int m = 0; m < names.length; m++) {
      sendHours.add(
          new SendHourMethod(
              names[m], n, tally[m][0] / n, tally[m][1] / n, tally[m][2] / n, tally[m][3] / n));
    }
    segmentBest = new ArrayList<>();
    for (int s = 0; s < segmentHours.length; s++) {
      int trueBest = trueSegmentBest(s);
      BestHour best = model.bestForSegment(segmentHours[s]);
      Estimate rate = best.openRate();
      segmentBest.add(
          new SegmentHour(
              data.segments().get(s).name(),
              HourOfWeek.label(trueBest),
              best.label(),
              HourOfWeek.distance(trueBest, best.hourOfWeek()),
              rate.low(),
              rate.value(),
              rate.high()));
    }
  }

  private static void tally(double[] row, int chosen, int preferred) {
    int distance = HourOfWeek.distance(chosen, preferred);
    row[0] += SyntheticWorld.affinity(chosen, preferred);
    row[1] += distance == 0 ? 1 : 0;
    row[2] += distance <= 1 ? 1 : 0;
    row[3] += distance <= 3 ? 1 : 0;
  }

  /** The hour with the highest raw open rate among the hours with sends and opens. */
  private static int ownBest(HourOfWeekCounts own, int fallback) {
    int best = -1;
    double bestRate = 0;
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      if (own.opensAt(h) > 0 && (double) own.opensAt(h) / own.sendsAt(h) > bestRate) {
        best = h;
        bestRate = (double) own.opensAt(h) / own.sendsAt(h);
      }
    }
    return best < 0 ? fallback : best;
  }

  private int trueSegmentBest(int segment) {
    int best = 0;
    double bestAffinity = -1;
    for (int h = 0; h < HourOfWeek.HOURS; h++) {
      double sum = 0;
      for (Contact contact : contacts) {
        if (contact.segment() == segment) {
          sum += SyntheticWorld.affinity(h, contact.preferredHour());
        }
      }
      if (sum > bestAffinity) {
        best = h;
        bestAffinity = sum;
      }
    }
    return best;
  }

  private List<ForecastCheck> forecasts() {
    CampaignForecaster forecaster = new CampaignForecaster(settings.forecast());
    int segments = data.segments().size();
    List<Campaign> campaigns = data.campaigns();
    Map<Integer, EngagementCounts[]> actual = new TreeMap<>();
    for (Send send : data.sends()) {
      EngagementCounts[] bySegment =
          actual.computeIfAbsent(send.campaign(), k -> newCounts(segments));
      int segment = contacts.get(send.contact()).segment();
      bySegment[segment] = bySegment[segment].plus(countsOf(send));
    }
    Instant historyEnd = data.split().minus(settings.history().attributionWindow());
    List<List<EngagementCounts>> history = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      history.add(new ArrayList<>());
    }
    // [basis][metric]: hits, forecasts, absolute percentage error, relative width
    double[][][] tallies = new double[2][2][4];
    for (Map.Entry<Integer, EngagementCounts[]> entry : actual.entrySet()) {
      Campaign campaign = campaigns.get(entry.getKey());
      for (int s = 0; s < segments; s++) {
        EngagementCounts counts = entry.getValue()[s];
        if (campaign.sentOn().isBefore(historyEnd)) {
          history.get(s).add(counts);
          continue;
        }
        if (campaign.sentOn().isBefore(data.split()) || counts.delivered() == 0) {
          continue;
        }
        CampaignForecast fromHistory = forecaster.fromHistory(counts.delivered(), history.get(s));
        tallyForecast(tallies[0][0], fromHistory.opens(), counts.uniqueOpens());
        tallyForecast(tallies[0][1], fromHistory.clicks(), counts.uniqueClicks());
        List<EngagementPrediction> predictions =
            heldOutPredictions.getOrDefault(campaign.id() + "|" + s, List.of());
        if (!predictions.isEmpty()) {
          CampaignForecast fromPredictions =
              forecaster.fromPredictions(predictions, history.get(s));
          tallyForecast(tallies[1][0], fromPredictions.opens(), counts.uniqueOpens());
          tallyForecast(tallies[1][1], fromPredictions.clicks(), counts.uniqueClicks());
        }
      }
    }
    String[] bases = {CampaignForecast.SEGMENT_HISTORY, CampaignForecast.CONTACT_PREDICTIONS};
    String[] metrics = {"opens", "clicks"};
    List<ForecastCheck> checks = new ArrayList<>();
    for (int b = 0; b < 2; b++) {
      for (int m = 0; m < 2; m++) {
        double[] t = tallies[b][m];
        checks.add(
            new ForecastCheck(
                bases[b],
                metrics[m],
                (int) t[1],
                t[0] / t[1],
                settings.forecast().level(),
                t[2] / t[1],
                t[3] / t[1]));
      }
    }
    return checks;
  }

  private static void tallyForecast(double[] tally, Estimate forecast, long actual) {
    double truthValue = Math.max(1, actual);
    tally[0] += forecast.contains(actual) ? 1 : 0;
    tally[1] += 1;
    tally[2] += Math.abs(forecast.value() - actual) / truthValue;
    tally[3] += forecast.width() / truthValue;
  }

  private static EngagementCounts[] newCounts(int n) {
    EngagementCounts[] counts = new EngagementCounts[n];
    Arrays.fill(counts, EngagementCounts.NONE);
    return counts;
  }

  private static EngagementCounts countsOf(Send send) {
    int opened = send.opened() ? 1 : 0;
    int clicked = send.clicked() ? 1 : 0;
    return new EngagementCounts(
        1, send.bounced() ? 0 : 1, opened, opened, clicked, clicked, send.bounced() ? 1 : 0, 0, 0);
  }

  private record AnomalyFindings(
      List<Anomaly> anomalies,
      List<BucketCounts> days,
      String incidentDay,
      boolean incidentFound) {}

  /**
   * The tenant's days, each send counted on the day it went out with what became of it, and the
   * anomalies the monitor finds in them.
   */
  private AnomalyFindings anomalies() {
    Map<Instant, EngagementCounts> days = new TreeMap<>();
    for (Send send : data.sends()) {
      days.merge(
          send.sentAt().truncatedTo(ChronoUnit.DAYS), countsOf(send), EngagementCounts::plus);
    }
    for (TimedEvent timed : data.events()) {
      ContactEvent event = timed.event();
      boolean unsubscribed = event instanceof ContactEvent.Unsubscribed;
      if (unsubscribed || event instanceof ContactEvent.Complained) {
        days.merge(
            event.at().truncatedTo(ChronoUnit.DAYS),
            new EngagementCounts(0, 0, 0, 0, 0, 0, 0, unsubscribed ? 1 : 0, unsubscribed ? 0 : 1),
            EngagementCounts::plus);
      }
    }
    AnomalyMonitor monitor = new AnomalyMonitor(settings.ewma());
    AnomalyMonitor.State state = AnomalyMonitor.State.EMPTY;
    List<Anomaly> anomalies = new ArrayList<>();
    List<BucketCounts> series = new ArrayList<>();
    for (Map.Entry<Instant, EngagementCounts> day : days.entrySet()) {
      AnomalyMonitor.Reading reading = monitor.observe(state, day.getKey(), day.getValue());
      state = reading.state();
      anomalies.addAll(reading.anomalies());
      series.add(new BucketCounts(day.getKey(), day.getValue()));
    }
    Instant incident =
        data.campaigns().stream()
            .filter(Campaign::incident)
            .map(c -> c.sentOn().truncatedTo(ChronoUnit.DAYS))
            .findFirst()
            .orElseThrow();
    boolean found =
        anomalies.stream()
            .anyMatch(
                a ->
                    a.bucketStart().equals(incident) && a.metric() == RateMetric.BOUNCE && a.bad());
    return new AnomalyFindings(anomalies, series, incident.toString().substring(0, 10), found);
  }

  private List<Recommendation> recommendations(AnomalyFindings findings) {
    List<Anomaly> anomalies = findings.anomalies();
    List<Recommendation> advice = new ArrayList<>();
    Instant split = data.split();
    advice.addAll(
        TrendRule.DEFAULTS.check(
            "tenant", findings.days().stream().filter(d -> !d.start().isBefore(split)).toList()));
    advice.addAll(
        AnomalyRule.check(
            "tenant", anomalies.stream().filter(a -> !a.bucketStart().isBefore(split)).toList()));
    Map<String, EngagementCounts> heldOutCampaigns = new TreeMap<>();
    for (Send send : data.sends()) {
      if (!send.sentAt().isBefore(split)) {
        heldOutCampaigns.merge(
            data.campaigns().get(send.campaign()).id(), countsOf(send), EngagementCounts::plus);
      }
    }
    heldOutCampaigns.forEach(
        (campaign, counts) -> advice.addAll(ThresholdRule.DEFAULTS.check(campaign, counts)));
    advice.sort(Recommendation.MOST_CONFIDENT_FIRST);
    return advice;
  }

  private static String key(int contact, String campaignId) {
    return contact + "|" + campaignId;
  }
}
