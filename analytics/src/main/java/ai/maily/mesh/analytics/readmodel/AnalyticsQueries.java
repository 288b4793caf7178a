package ai.maily.mesh.analytics.readmodel;

import ai.maily.mesh.analytics.predict.CampaignForecast;
import ai.maily.mesh.analytics.predict.CampaignForecaster;
import ai.maily.mesh.analytics.predict.ForecastSettings;
import ai.maily.mesh.analytics.rates.EngagementCounts;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * What the analytics API reads, off the caller's thread: a campaign's counts, a contact's
 * prediction and a forecast for a new campaign, all from the {@link EngagementReadModel}.
 */
public final class AnalyticsQueries {

  private final EngagementReadModel readModel;
  private final ReadModelPredictions predictions;
  private final CampaignForecaster forecaster = new CampaignForecaster(ForecastSettings.DEFAULTS);
  private final Executor blocking;

  /** Reads {@code readModel} on {@code blocking}. */
  public AnalyticsQueries(EngagementReadModel readModel, Executor blocking) {
    this.readModel = readModel;
    this.predictions = new ReadModelPredictions(readModel, blocking);
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
}
