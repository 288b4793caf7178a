package ai.maily.mesh.core.agent;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the mesh hosts one agent type; read from {@code mesh.agents}, with per-type values under
 * {@code mesh.agents.overrides.<type>}.
 */
public record AgentSettings(
    int poolSize,
    int maxConcurrency,
    int maxQueue,
    int dedupWindow,
    Duration workTimeout,
    int snapshotEvery,
    Duration acceptanceWriteDelay,
    Duration resultTtl) {

  public AgentSettings {
    if (poolSize < 1
        || maxConcurrency < 1
        || maxQueue < 0
        || dedupWindow < 1
        || acceptanceWriteDelay.isNegative()
        || resultTtl.isNegative()
        || resultTtl.isZero()) {
      throw new IllegalArgumentException(
          "agent settings out of range: pool-size and max-concurrency >= 1, max-queue >= 0,"
              + " dedup-window >= 1, acceptance-write-delay >= 0, result-ttl > 0");
    }
  }

  /** The settings for {@code agentType}, given the {@code mesh.agents} section. */
  public static AgentSettings of(Config agents, String agentType) {
    Config merged = forType(agents, agentType);
    return new AgentSettings(
        merged.getInt("pool-size"),
        merged.getInt("max-concurrency"),
        merged.getInt("max-queue"),
        merged.getInt("dedup-window"),
        merged.getDuration("work-timeout"),
        merged.getInt("snapshot-every"),
        merged.getDuration("acceptance-write-delay"),
        merged.getDuration("result-ttl"));
  }

  /** The {@code mesh.agents} section with the type's overrides applied. */
  static Config forType(Config agents, String agentType) {
    String path = "overrides.\"" + agentType + "\"";
    return agents.hasPath(path) ? agents.getConfig(path).withFallback(agents) : agents;
  }
}
