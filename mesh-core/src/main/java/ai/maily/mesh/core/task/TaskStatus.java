package ai.maily.mesh.core.task;

/** The status of a task, as clients see it. */
public enum TaskStatus {
  PENDING,
  RUNNING,
  AWAITING_APPROVAL,
  COMPLETED,
  DEGRADED,
  FAILED,
  CANCELLED;

  /** True when the task will not change any more. */
  public boolean isTerminal() {
    return this == COMPLETED || this == DEGRADED || this == FAILED || this == CANCELLED;
  }
}
