package ai.maily.mesh.canvas.live;

import com.typesafe.config.Config;
import java.time.Duration;

/** The settings of the live streams, {@code mesh.live} (see reference.conf). */
public record LiveSettings(
    int maxFrameBytes,
    int buffer,
    int ephemeralBuffer,
    int maxHeld,
    int readPage,
    int recent,
    Duration idleTimeout,
    Duration pollInterval,
    Duration presenceInterval,
    Duration channelIdle) {

  public static LiveSettings fromConfig(Config config) {
    Config live = config.getConfig("mesh.live");
    return new LiveSettings(
        (int) live.getBytes("max-frame-size").longValue(),
        live.getInt("buffer"),
        live.getInt("ephemeral-buffer"),
        live.getInt("max-held"),
        live.getInt("read-page"),
        live.getInt("recent"),
        live.getDuration("idle-timeout"),
        live.getDuration("poll-interval"),
        live.getDuration("presence-interval"),
        live.getDuration("channel-idle"));
  }
}
