package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemType;
import graphql.execution.AbortExecutionException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operation refused before it ran, reported as graphql-java reports an aborted one (the only
 * error of a result without data), with an {@code invalid-request} problem in its extensions.
 */
final class Refusal extends AbortExecutionException {

  private final transient Map<String, Object> extensions;

  /**
   * @param detail why the operation was refused
   * @param more extensions beside the problem's, e.g. the limit it passed
   */
  Refusal(String detail, Map<String, Object> more) {
    super(detail);
    this.extensions =
        new LinkedHashMap<>(
            ProblemErrors.extensions(Problem.of(ProblemType.INVALID_REQUEST, detail)));
    extensions.putAll(more);
  }

  @Override
  public Map<String, Object> getExtensions() {
    return extensions;
  }
}
