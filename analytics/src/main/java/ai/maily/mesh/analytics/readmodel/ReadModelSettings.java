package ai.maily.mesh.analytics.readmodel;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The read model's settings, from {@code mesh.analytics.read-model}.
 *
 * @param pollInterval how often the store is read for new events once the read model has caught up
 * @param batchSize events applied per transaction at most
 * @param poolSize connections of the read model's pool
 */
public record ReadModelSettings(Duration pollInterval, int batchSize, int poolSize) {

  public ReadModelSettings {
    if (pollInterval.isNegative() || pollInterval.isZero() || batchSize < 1 || poolSize < 1) {
      throw new IllegalArgumentException(
          "mesh.analytics.read-model needs a positive poll-interval, batch-size and pool-size");
    }
  }

  /** Reads {@code mesh.analytics.read-model}'s block. */
  public static ReadModelSettings fromConfig(Config readModel) {
    return new ReadModelSettings(
        readModel.getDuration("poll-interval"),
        readModel.getInt("batch-size"),
        readModel.getInt("pool-size"));
  }
}
