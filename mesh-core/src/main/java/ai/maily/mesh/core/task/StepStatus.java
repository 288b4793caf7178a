package ai.maily.mesh.core.task;

/** The status of one plan step, as clients see it. */
public enum StepStatus {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED,
  AWAITING_APPROVAL;

  /** True when the step will not change any more. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == CANCELLED;
  }
}
