package ai.maily.mesh.analytics.bus;

import com.typesafe.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * The bus's settings, from {@code mesh.amqp}.
 *
 * @param uri the RabbitMQ broker ({@code amqp://user:password@host:port/vhost}, {@code amqps://}
 *     for TLS); empty for the in-process bus
 * @param topology the names of what the bus declares
 * @param connectionTimeout how long opening a connection may take
 * @param heartbeat how often the client and the broker check on each other, so a dead connection is
 *     noticed within about twice this
 * @param minBackoff the first wait before a failed consumer starts again
 * @param maxBackoff the longest such wait, which doubles from {@code minBackoff}
 * @param localCapacity the in-process bus's bound on the messages of each queue
 */
public record BusSettings(
    Optional<URI> uri,
    BusTopology topology,
    Duration connectionTimeout,
    Duration heartbeat,
    Duration minBackoff,
    Duration maxBackoff,
    int localCapacity) {

  /** Reads {@code mesh.amqp}'s block. */
  public static BusSettings fromConfig(Config amqp) {
    String uri = amqp.getString("uri").trim();
    return new BusSettings(
        uri.isEmpty() ? Optional.empty() : Optional.of(URI.create(uri)),
        BusTopology.fromConfig(amqp.getConfig("topology")),
        amqp.getDuration("connection-timeout"),
        amqp.getDuration("heartbeat"),
        amqp.getDuration("restart.min-backoff"),
        amqp.getDuration("restart.max-backoff"),
        amqp.getInt("local.capacity"));
  }

  /** These settings on {@code broker}. */
  public BusSettings withUri(URI broker) {
    return new BusSettings(
        Optional.of(broker),
        topology,
        connectionTimeout,
        heartbeat,
        minBackoff,
        maxBackoff,
        localCapacity);
  }

  /** These settings with {@code names}. */
  public BusSettings withTopology(BusTopology names) {
    return new BusSettings(
        uri, names, connectionTimeout, heartbeat, minBackoff, maxBackoff, localCapacity);
  }
}
