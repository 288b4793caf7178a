package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.anomaly.Anomaly;
import ai.maily.mesh.analytics.anomaly.AnomalyMonitor;
import ai.maily.mesh.analytics.anomaly.EwmaSettings;
import ai.maily.mesh.analytics.predict.CampaignForecast;
import ai.maily.mesh.analytics.predict.CampaignForecaster;
import ai.maily.mesh.analytics.predict.ForecastSettings;
import ai.maily.mesh.analytics.predict.HourOfWeek;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.predict.SendTimeModel;
import ai.maily.mesh.analytics.predict.SendTimeSettings;
import ai.maily.mesh.analytics.rates.BucketCounts;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.recommend.AnomalyRule;
import ai.maily.mesh.analytics.recommend.ComparisonRule;
import ai.maily.mesh.analytics.recommend.Recommendation;
import ai.maily.mesh.analytics.recommend.ThresholdRule;
import ai.maily.mesh.analytics.recommend.TrendRule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What the analytics API reads, off the caller's thread, from the {@link EngagementReadModel} (and,
 * for a contact's learned prediction, the {@link EngagementModelProjection}): a campaign's counts,
 * the tenant's campaigns, a campaign's series over time, hour-of-week heatmaps, segments, a
 * contact's prediction, a forecast for a new campaign, and the anomalies and recommendations the
 * pure models of {@code anomaly} and {@code recommend} find in that data.
 */
public final class AnalyticsQueries {

  private final EngagementReadModel readModel;
  private final ReadModelPredictions predictions;

  /** The window of a series, of anomalies and of trends when none is asked for. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);

  /** How many of the tenant's most recent campaigns its anomalies and advice look at. */
  public static final int WATCHED_CAMPAIGNS = 100;

  private static final String TENANT = "tenant";
  private static final Comparator<CampaignAnomaly> NEWEST_FIRST =
      Comparator.comparing((CampaignAnomaly a) -> a.anomaly().bucketStart())
          .reversed()
          .thenComparing(CampaignAnomaly::campaignId)
          .thenComparing(a -> a.anomaly().metric());

  private final CampaignForecaster forecaster = new CampaignForecaster(ForecastSettings.DEFAULTS);
  private final Executor blocking;
  private final AnomalyMonitor monitor = new AnomalyMonitor(EwmaSettings.DEFAULTS);
  private final SendTimeModel sendTimes = new SendTimeModel(SendTimeSettings.DEFAULTS);

  /** Reads {@code readModel} and {@code learned} on {@code blocking}. */
  public AnalyticsQueries(
      EngagementReadModel readModel, EngagementModelProjection learned, Executor blocking) {
    this.readModel = readModel;
    this.predictions = new ReadModelPredictions(readModel, learned, Clock.systemUTC(), blocking);
    this.blocking = blocking;
  }

  /** The predictions the node registers for its agents. */
  public ReadModelPredictions predictions() {
    return predictions;
  }

  /** The tenant's campaign, or empty when it has no engagement. */
  public CompletionStage<Optional<CampaignAnalytics>> campaign(String tenant, String campaignId) {
    return CompletableFuture.supplyAsync(() -> readModel.campaign(tenant, campaignId), blocking);
  }

  /** The tenant's contact's prediction, or empty when nothing was sent to the contact. */
  public CompletionStage<Optional<ContactPrediction>> contact(String tenant, String contactId) {
    return CompletableFuture.supplyAsync(() -> predictions.contact(tenant, contactId), blocking);
  }

  /**
   * The forecast of a campaign to {@code audience} deliveries from the tenant's past campaigns, or
   * empty when none of them has deliveries.
   */
  public CompletionStage<Optional<CampaignForecast>> forecast(String tenant, long audience) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<EngagementCounts> history =
              readModel.campaigns(tenant).stream().filter(c -> c.delivered() > 0).toList();
          return history.isEmpty()
              ? Optional.empty()
              : Optional.of(forecaster.fromHistory(audience, history));
        },
        blocking);
  }

  /** The tenant's campaigns, the one with the latest engagement first, at most {@code limit}. */
  public CompletionStage<List<CampaignSummary>> campaigns(String tenant, int limit) {
    return CompletableFuture.supplyAsync(() -> readModel.recentCampaigns(tenant, limit), blocking);
  }

  /**
   * The tenant's campaign's counts in buckets over [{@code from}, {@code to}), or empty when the
   * campaign has no engagement. Without {@code from} and {@code to}, the window is the {@link
   * #DEFAULT_WINDOW} up to the end of the bucket of the campaign's latest event; with one of them,
   * the default window from or up to it.
   */
  public CompletionStage<Optional<CampaignSeries>> series(
      String tenant,
      String campaignId,
      TimeBucket bucket,
      Optional<Instant> from,
      Optional<Instant> to) {
    return CompletableFuture.supplyAsync(
        () ->
            readModel
                .lastEventAt(tenant, campaignId)
                .map(
                    last -> {
                      Instant end =
                          to.orElseGet(
                              () ->
                                  from.map(f -> f.plus(DEFAULT_WINDOW))
                                      .orElseGet(() -> bucket.start(last).plus(bucket.width())));
                      Instant start = from.orElseGet(() -> end.minus(DEFAULT_WINDOW));
                      return new CampaignSeries(
                          campaignId,
                          bucket,
                          bucket.regroup(
                              readModel.hours(tenant, Optional.of(campaignId), start, end)));
                    }),
        blocking);
  }

  /**
   * The tenant's hours of the week: of one campaign, or of the whole tenant when {@code campaignId}
   * is empty; empty when the campaign has no engagement.
   */
  public CompletionStage<Optional<List<HeatmapCell>>> heatmap(
      String tenant, Optional<String> campaignId) {
    return CompletableFuture.supplyAsync(
        () ->
            campaignId.isPresent() && readModel.lastEventAt(tenant, campaignId.get()).isEmpty()
                ? Optional.empty()
                : Optional.of(readModel.heatmap(tenant, campaignId)),
        blocking);
  }

  /** The tenant's segment, or empty when no counted event names it. */
  public CompletionStage<Optional<SegmentAnalytics>> segment(String tenant, String segment) {
    return CompletableFuture.supplyAsync(
        () -> {
          Map<String, EngagementCounts> campaigns = readModel.segment(tenant, segment);
          return campaigns.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  new SegmentAnalytics(
                      segment,
                      campaigns.values().stream()
                          .reduce(EngagementCounts.NONE, EngagementCounts::plus),
                      campaigns));
        },
        blocking);
  }

  /**
   * The anomalies of the hourly series (the {@link #DEFAULT_WINDOW} up to each campaign's latest
   * event) of one campaign, or of the tenant's {@link #WATCHED_CAMPAIGNS} most recent ones when
   * {@code campaignId} is empty, newest first; empty when the campaign has no engagement.
   */
  public CompletionStage<Optional<List<CampaignAnomaly>>> anomalies(
      String tenant, Optional<String> campaignId) {
    return CompletableFuture.supplyAsync(
        () ->
            watched(tenant, campaignId)
                .map(
                    campaigns ->
                        campaigns.stream()
                            .flatMap(c -> anomalies(tenant, c).stream())
                            .sorted(NEWEST_FIRST)
                            .toList()),
        blocking);
  }

  /**
   * The advice of the rules of {@code recommend} on one campaign, or on the tenant when {@code
   * campaignId} is empty, most confident first; empty when the campaign has no engagement. What
   * each rule reads is in docs/api/analytics.md.
   */
  public CompletionStage<Optional<List<Recommendation>>> recommendations(
      String tenant, Optional<String> campaignId) {
    return CompletableFuture.supplyAsync(
        () ->
            watched(tenant, campaignId)
                .map(
                    campaigns -> {
                      List<Recommendation> advice = new ArrayList<>();
                      if (campaignId.isPresent()) {
                        CampaignSummary campaign = campaigns.get(0);
                        String subject = subject(campaign.campaignId());
                        advice.addAll(ThresholdRule.DEFAULTS.check(subject, campaign.counts()));
                        advice.addAll(
                            TrendRule.DEFAULTS.check(
                                subject,
                                TimeBucket.DAY.regroup(
                                    lastWindow(tenant, campaignId, campaign.lastEventAt()))));
                        advice.addAll(AnomalyRule.check(subject, detect(tenant, campaign)));
                        advice.addAll(
                            compareSegments(subject, readModel.segments(tenant, campaignId)));
                      } else {
                        advice.addAll(
                            ThresholdRule.DEFAULTS.check(TENANT, readModel.tenantTotals(tenant)));
                        campaigns.stream()
                            .map(CampaignSummary::lastEventAt)
                            .max(Comparator.naturalOrder())
                            .ifPresent(
                                last ->
                                    advice.addAll(
                                        TrendRule.DEFAULTS.check(
                                            TENANT,
                                            TimeBucket.DAY.regroup(
                                                lastWindow(tenant, Optional.empty(), last)))));
                        for (CampaignSummary campaign : campaigns) {
                          String subject = subject(campaign.campaignId());
                          advice.addAll(ThresholdRule.DEFAULTS.check(subject, campaign.counts()));
                          advice.addAll(AnomalyRule.check(subject, detect(tenant, campaign)));
                        }
                        advice.addAll(
                            compareSegments(TENANT, readModel.segments(tenant, Optional.empty())));
                        sendTime(tenant).ifPresent(advice::add);
                      }
                      return advice.stream().sorted(Recommendation.MOST_CONFIDENT_FIRST).toList();
                    }),
        blocking);
  }

  /**
   * The campaign (empty when it has no engagement), or the tenant's {@link #WATCHED_CAMPAIGNS} most
   * recent ones.
   */
  private Optional<List<CampaignSummary>> watched(String tenant, Optional<String> campaignId) {
    if (campaignId.isEmpty()) {
      return Optional.of(readModel.recentCampaigns(tenant, WATCHED_CAMPAIGNS));
    }
    return readModel
        .campaign(tenant, campaignId.get())
        .flatMap(
            campaign ->
                readModel
                    .lastEventAt(tenant, campaign.campaignId())
                    .map(
                        last ->
                            List.of(
                                new CampaignSummary(
                                    campaign.campaignId(), campaign.counts(), last))));
  }

  private List<CampaignAnomaly> anomalies(String tenant, CampaignSummary campaign) {
    return detect(tenant, campaign).stream()
        .map(
            anomaly ->
                new CampaignAnomaly(subject(campaign.campaignId()), campaign.campaignId(), anomaly))
        .toList();
  }

  /** The anomalies of the campaign's hours over the window up to its latest event, oldest first. */
  private List<Anomaly> detect(String tenant, CampaignSummary campaign) {
    AnomalyMonitor.State state = AnomalyMonitor.State.EMPTY;
    List<Anomaly> anomalies = new ArrayList<>();
    for (BucketCounts hour :
        lastWindow(tenant, Optional.of(campaign.campaignId()), campaign.lastEventAt())) {
      AnomalyMonitor.Reading reading = monitor.observe(state, hour.start(), hour.counts());
      state = reading.state();
      anomalies.addAll(reading.anomalies());
    }
    return anomalies;
  }

  /** The hours of a campaign (or of the tenant) in the default window up to {@code last}. */
  private List<BucketCounts> lastWindow(String tenant, Optional<String> campaignId, Instant last) {
    Instant end = TimeBucket.HOUR.start(last).plus(TimeBucket.HOUR.width());
    return readModel.hours(tenant, campaignId, end.minus(DEFAULT_WINDOW), end);
  }

  /** The best of the segments by each rate, where one clearly is. */
  private static List<Recommendation> compareSegments(
      String subject, Map<String, EngagementCounts> segments) {
    List<ComparisonRule.Option> options =
        segments.entrySet().stream()
            .map(s -> new ComparisonRule.Option("segment " + s.getKey(), s.getValue()))
            .toList();
    List<Recommendation> advice = new ArrayList<>();
    for (RateMetric metric : RateMetric.values()) {
      ComparisonRule.DEFAULTS.compare(subject, options, metric).ifPresent(advice::add);
    }
    return advice;
  }

  /** Moving the tenant's sends from the hour it sends at most to its best hour, when clearly so. */
  private Optional<Recommendation> sendTime(String tenant) {
    HourOfWeekCounts hours = readModel.sendHours(tenant, Optional.empty());
    if (hours.totalSends() == 0) {
      return Optional.empty();
    }
    int[] sends = hours.sends();
    int usual = 0;
    for (int hour = 1; hour < HourOfWeek.HOURS; hour++) {
      if (sends[hour] > sends[usual]) {
        usual = hour;
      }
    }
    int best = sendTimes.bestForSegment(hours).hourOfWeek();
    return ComparisonRule.DEFAULTS.sendTime(
        TENANT,
        best,
        sendTimes.segmentPosterior(hours, best),
        usual,
        sendTimes.segmentPosterior(hours, usual));
  }

  private static String subject(String campaignId) {
    return "campaign:" + campaignId;
  }
}
