package ai.maily.mesh.analytics.bus.relay;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The domain-event relay's settings, from {@code mesh.amqp.relay}.
 *
 * @param pollInterval how often the journal is read for new events
 * @param pageSize journal rows read per round at most
 * @param gapTimeout how long a missing journal position is waited for (see {@link JournalTail})
 */
public record RelaySettings(Duration pollInterval, int pageSize, Duration gapTimeout) {

  /** Reads {@code mesh.amqp.relay}'s block. */
  public static RelaySettings fromConfig(Config relay) {
    return new RelaySettings(
        relay.getDuration("poll-interval"),
        relay.getInt("page-size"),
        relay.getDuration("gap-timeout"));
  }
}
