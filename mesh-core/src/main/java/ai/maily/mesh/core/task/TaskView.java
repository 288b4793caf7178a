package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.budget.Account;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A task as the API shows it.
 *
 * @param budget what the task may spend on language models, has used and has reserved; null where
 *     the ledger was not asked (the coordinator's own answers) or did not answer
 */
public record TaskView(
    String taskId,
    String tenant,
    TaskStatus status,
    String playbook,
    List<StepView> steps,
    JsonNode result,
    List<String> reasons,
    String submittedBy,
    Instant createdAt,
    Instant updatedAt,
    Account budget)
    implements CborSerializable {

  /** This view with the task's budget. */
  public TaskView withBudget(Account budget) {
    return new TaskView(
        taskId,
        tenant,
        status,
        playbook,
        steps,
        result,
        reasons,
        submittedBy,
        createdAt,
        updatedAt,
        budget);
  }

  /**
   * A step as the API shows it.
   *
   * @param summary the output's summary; for a skipped step, why it was skipped
   * @param errorType the problem type URI of the step's last failure when it has one, e.g. {@code
   *     urn:maily:problem:budget-exceeded}
   */
  public record StepView(
      String id,
      String agent,
      StepKind kind,
      StepStatus status,
      int attempts,
      boolean optional,
      List<String> dependsOn,
      JsonNode output,
      String summary,
      String error,
      String errorType)
      implements CborSerializable {}
}
