package ai.maily.mesh.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** Configuration for actor tests: in-memory journal, CBOR serialization, short backoffs. */
public final class MeshTestConfig {

  private MeshTestConfig() {}

  public static Config create() {
    return ConfigFactory.parseString(
            """
            pekko.actor.serialization-bindings {
              "ai.maily.mesh.core.CborSerializable" = jackson-cbor
            }
            pekko.actor.testkit.typed.single-expect-default = 5s
            mesh.tasks.backoff { min = 10ms, max = 20ms }
            mesh.tasks.passivate-after = 200ms
            mesh.agents.overrides {
              narrow { max-concurrency = 1, max-queue = 1 }
              stuck { work-timeout = 200ms }
              tiny-window { dedup-window = 2 }
              unhurried { acceptance-write-delay = 1h }
              fragile.breaker { failure-threshold = 2, reset-timeout = 1h }
              frail.breaker { failure-threshold = 1, reset-timeout = 0ms }
              crowded.breaker { failure-threshold = 2, reset-timeout = 1h }
            }
            """)
        .withFallback(EventSourcedBehaviorTestKit.config())
        .withFallback(ConfigFactory.load());
  }
}
