package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A task as the API shows it. */
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
    Instant updatedAt)
    implements CborSerializable {

  /** A step as the API shows it. */
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
      String error)
      implements CborSerializable {}
}
