package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import java.util.List;

/**
 * One node of a plan's DAG.
 *
 * @param id unique within the plan
 * @param agent the agent type for {@link StepKind#AGENT} steps; empty for approvals
 * @param kind agent call or approval
 * @param dependsOn ids of the steps whose outputs this step needs
 * @param optional when true the task may end {@code DEGRADED} instead of {@code FAILED} if this
 *     step fails
 * @param timeoutMs how long one attempt may take
 * @param maxAttempts attempts before the step fails, at least 1
 */
public record Step(
    String id,
    String agent,
    StepKind kind,
    List<String> dependsOn,
    boolean optional,
    long timeoutMs,
    int maxAttempts)
    implements CborSerializable {

  public Step {
    agent = agent == null ? "" : agent;
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
  }

  /** An agent step with the given limits. */
  public static Step agent(
      String id, String agent, List<String> dependsOn, long timeoutMs, int maxAttempts) {
    return new Step(id, agent, StepKind.AGENT, dependsOn, false, timeoutMs, maxAttempts);
  }

  /** An approval step. */
  public static Step approval(String id, List<String> dependsOn) {
    return new Step(id, "", StepKind.APPROVAL, dependsOn, false, 0, 1);
  }

  /** The same step, marked optional. */
  public Step asOptional() {
    return new Step(id, agent, kind, dependsOn, true, timeoutMs, maxAttempts);
  }
}
