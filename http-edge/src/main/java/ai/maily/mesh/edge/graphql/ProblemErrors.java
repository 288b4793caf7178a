package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.edge.Failures;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reports a field that failed as a GraphQL error whose {@code extensions} carry what a problem+json
 * document carries ({@code type}, {@code title}, {@code status}, the violations, the retry delay),
 * so a client matches on the same problem types whichever API it called. Failures that are not
 * problems become problems as they do for REST and gRPC ({@link Failures#toProblem}).
 */
final class ProblemErrors implements DataFetcherExceptionHandler {

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters failed) {
    GraphQLError error =
        error(Failures.toProblem(failed.getException()))
            .path(failed.getPath())
            .location(failed.getSourceLocation())
            .build();
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(error).build());
  }

  /** An error reporting {@code problem}; the caller adds where it happened, if anywhere. */
  static GraphqlErrorBuilder<?> error(Problem problem) {
    return GraphqlErrorBuilder.newError().message(problem.detail()).extensions(extensions(problem));
  }

  /**
   * The problem's fields as problem+json names them; {@code code} is the type's slug, and the
   * violations ({@code errors} in problem+json) are {@code violations}, beside GraphQL's own {@code
   * errors}.
   */
  static Map<String, Object> extensions(Problem problem) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("type", problem.type().uri());
    extensions.put("code", problem.type().code());
    extensions.put("title", problem.type().title());
    extensions.put("status", problem.type().httpStatus());
    if (!problem.violations().isEmpty()) {
      extensions.put(
          "violations",
          problem.violations().stream()
              .map(v -> Map.of("field", v.field(), "message", v.message()))
              .toList());
    }
    if (!problem.retryAfter().isZero()) {
      extensions.put("retryAfterSeconds", (problem.retryAfter().toMillis() + 999) / 1000);
    }
    return extensions;
  }
}
