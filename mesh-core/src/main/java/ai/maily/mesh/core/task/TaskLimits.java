package ai.maily.mesh.core.task;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Bounds on what a submission may ask for; read from {@code mesh.tasks}.
 *
 * @param maxSteps steps in one plan
 * @param maxAttempts attempts of one step
 * @param maxStepTimeout timeout of one attempt
 * @param maxInputBytes size of the task input as UTF-8 JSON
 * @param defaultStepTimeout used when a step names none
 * @param defaultMaxAttempts used when a step names none
 */
public record TaskLimits(
    int maxSteps,
    int maxAttempts,
    Duration maxStepTimeout,
    int maxInputBytes,
    Duration defaultStepTimeout,
    int defaultMaxAttempts) {

  public static TaskLimits fromConfig(Config tasks) {
    return new TaskLimits(
        tasks.getInt("max-steps"),
        tasks.getInt("max-attempts"),
        tasks.getDuration("max-step-timeout"),
        (int) tasks.getBytes("max-input-size").longValue(),
        tasks.getDuration("default-step-timeout"),
        tasks.getInt("default-max-attempts"));
  }
}
