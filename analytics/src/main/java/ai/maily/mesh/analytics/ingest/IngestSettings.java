package ai.maily.mesh.analytics.ingest;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How engagement events are taken in, from {@code mesh.analytics.ingest}.
 *
 * @param maxRequestEvents the most events one HTTP or gRPC request may carry
 * @param writeBatch the most events one database transaction writes
 * @param writeQueue write requests waiting for the writer at most; more are refused as overload
 * @param prefetch AMQP deliveries the consumer holds unsettled at most
 * @param consumeBatch deliveries the consumer hands to the writer together at most
 * @param consumeWindow how long the consumer waits to fill such a group
 * @param storePoolSize connections of the store's pool
 */
public record IngestSettings(
    int maxRequestEvents,
    int writeBatch,
    int writeQueue,
    int prefetch,
    int consumeBatch,
    Duration consumeWindow,
    int storePoolSize) {

  /** Reads {@code mesh.analytics.ingest}'s block. */
  public static IngestSettings fromConfig(Config ingest) {
    return new IngestSettings(
        ingest.getInt("max-request-events"),
        ingest.getInt("write-batch"),
        ingest.getInt("write-queue"),
        ingest.getInt("prefetch"),
        ingest.getInt("consume-batch"),
        ingest.getDuration("consume-window"),
        ingest.getInt("store-pool-size"));
  }
}
