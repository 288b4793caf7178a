package ai.maily.mesh.core.task;

import ai.maily.mesh.core.CborSerializable;

/**
 * One reason a plan or a submission is invalid.
 *
 * @param field a JSON-pointer-like path to the offending field, e.g. {@code steps[2].dependsOn}
 * @param message what is wrong, in words a client developer can act on
 */
public record PlanProblem(String field, String message) implements CborSerializable {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
