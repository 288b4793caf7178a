package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.predict.BestHour;
import ai.maily.mesh.analytics.predict.HourOfWeekCounts;
import ai.maily.mesh.analytics.predict.SendTimeModel;
import ai.maily.mesh.analytics.predict.SendTimeSettings;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import ai.maily.mesh.analytics.rates.RateMetric;
import ai.maily.mesh.analytics.stats.BetaDistribution;
import ai.maily.mesh.analytics.stats.Estimate;
import ai.maily.mesh.analytics.stats.Proportion;
import ai.maily.mesh.core.predict.Audience;
import ai.maily.mesh.core.predict.EmailContent;
import ai.maily.mesh.core.predict.EngagementForecast;
import ai.maily.mesh.core.predict.EngagementPredictions;
import ai.maily.mesh.core.predict.HourOfWeek;
import ai.maily.mesh.core.predict.RateEstimate;
import ai.maily.mesh.core.predict.SendTimeForecast;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Predictions computed on read from the {@link EngagementReadModel}: open and click rates from the
 * tenant's unique opens and clicks per delivered message ({@link RateMetric}) (Beta posteriors from
 * a uniform prior), the best send hour from its sends by hour and their opens ({@link
 * SendTimeModel}), and each contact's open probability with the tenant's rate as its prior. The
 * read model holds no segments and no content features, so answers are per tenant; an answer is
 * empty below {@link #MIN_BASIS} messages, where a prior says as much. A contact's prediction also
 * carries what the tenant's learned model ({@link EngagementModelProjection}) expects of a send to
 * it now.
 */
public final class ReadModelPredictions implements EngagementPredictions {

  /** The fewest delivered messages (or sends, for the send time) an answer rests on. */
  public static final long MIN_BASIS = 30;

  private static final double LEVEL = 0.95;
  // How many sends the tenant's rate counts for in a contact's prior.
  private static final double CONTACT_PRIOR_STRENGTH = 10;

  private final EngagementReadModel readModel;
  private final EngagementModelProjection learned;
  private final Clock clock;
  private final Executor blocking;
  private final SendTimeModel sendTimes = new SendTimeModel(SendTimeSettings.DEFAULTS);

  /** Reads {@code readModel} and {@code learned} on {@code blocking}; "now" is {@code clock}'s. */
  public ReadModelPredictions(
      EngagementReadModel readModel,
      EngagementModelProjection learned,
      Clock clock,
      Executor blocking) {
    this.readModel = readModel;
    this.learned = learned;
    this.clock = clock;
    this.blocking = blocking;
  }

  @Override
  public CompletionStage<Optional<EngagementForecast>> forecast(
      Audience audience, EmailContent content) {
    return CompletableFuture.supplyAsync(() -> forecast(audience.tenant()), blocking);
  }

  @Override
  public CompletionStage<Optional<SendTimeForecast>> bestSendTime(Audience audience) {
    return CompletableFuture.supplyAsync(() -> bestSendTime(audience.tenant()), blocking);
  }

  /** The tenant's expected open and click rates, if enough of its messages were delivered. */
  public Optional<EngagementForecast> forecast(String tenant) {
    EngagementCounts totals = readModel.tenantTotals(tenant);
    Proportion opens = RateMetric.OPEN.of(totals);
    if (opens.trials() < MIN_BASIS) {
      return Optional.empty();
    }
    return Optional.of(
        new EngagementForecast(
            rate(posterior(opens).interval(LEVEL)),
            rate(posterior(RateMetric.CLICK.of(totals)).interval(LEVEL)),
            opens.trials()));
  }

  /** The tenant's best send hour (UTC), if it has sent enough. */
  public Optional<SendTimeForecast> bestSendTime(String tenant) {
    HourOfWeekCounts counts = readModel.sendHours(tenant, Optional.empty());
    if (counts.totalSends() < MIN_BASIS) {
      return Optional.empty();
    }
    BestHour best = sendTimes.bestForSegment(counts);
    return Optional.of(
        new SendTimeForecast(
            new HourOfWeek(best.hourOfWeek()), rate(best.openRate()), counts.totalSends()));
  }

  /** The contact's open probability and best hour, or empty when nothing was sent to it. */
  public Optional<ContactPrediction> contact(String tenant, String contactId) {
    HourOfWeekCounts contact = readModel.sendHours(tenant, Optional.of(contactId));
    if (contact.totalSends() == 0) {
      return Optional.empty();
    }
    HourOfWeekCounts all = readModel.sendHours(tenant, Optional.empty());
    double tenantRate = (1.0 + all.totalOpens()) / (2.0 + all.totalSends());
    Estimate open =
        BetaDistribution.withMean(tenantRate, CONTACT_PRIOR_STRENGTH)
            .observe(contact.totalOpens(), contact.totalSends() - contact.totalOpens())
            .interval(LEVEL);
    return Optional.of(
        new ContactPrediction(
            contactId,
            contact.totalSends(),
            contact.totalOpens(),
            open,
            sendTimes.bestForContact(contact, all),
            learned.predict(tenant, contactId, clock.instant()).orElse(null)));
  }

  private static BetaDistribution posterior(Proportion proportion) {
    return new BetaDistribution(
        1 + proportion.successes(), 1 + proportion.trials() - proportion.successes());
  }

  private static RateEstimate rate(Estimate estimate) {
    return new RateEstimate(estimate.value(), estimate.low(), estimate.high(), estimate.level());
  }
}
