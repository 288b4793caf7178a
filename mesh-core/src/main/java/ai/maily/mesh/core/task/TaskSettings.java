package ai.maily.mesh.core.task;

import ai.maily.mesh.core.resilience.Backoff;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every coordinator of a node shares, read once from {@code mesh.tasks}.
 *
 * @param limits bounds on submissions
 * @param backoff delays between a step's attempts
 * @param passivateAfter how long a finished task stays in memory
 */
public record TaskSettings(TaskLimits limits, Backoff backoff, Duration passivateAfter) {

  public static TaskSettings fromConfig(Config tasks) {
    return new TaskSettings(
        TaskLimits.fromConfig(tasks),
        new Backoff(
            tasks.getDuration("backoff.min"),
            tasks.getDuration("backoff.max"),
            () -> ThreadLocalRandom.current().nextDouble()),
        tasks.getDuration("passivate-after"));
  }
}
