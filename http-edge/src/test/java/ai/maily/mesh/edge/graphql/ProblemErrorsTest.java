package ai.maily.mesh.edge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.schema.DataFetcher;
import graphql.schema.idl.RuntimeWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.pattern.AskTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A field that fails becomes a GraphQL error carrying the problem a REST client would get: its
 * type, title, status, violations and retry delay; the rest of the result stands.
 */
class ProblemErrorsTest {

  private static final GraphqlSettings SETTINGS =
      new GraphqlSettings(
          15, 2000, 10_000, true, Duration.ofSeconds(10), Duration.ofSeconds(15), 16, 1 << 20);
  private static final Principal EDITOR =
      new Principal("editor", "acme", Set.of(Role.EDITOR), Instant.MAX);

  /** Runs {@code query} on the schema with {@code Query.task} failing as {@code task} does. */
  private static ExecutionResult runWithTask(DataFetcher<?> task, String query) {
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Query",
                type -> type.dataFetcher("task", task).dataFetcher("playbooks", env -> List.of()));
    return new MeshGraphql(wiring, SETTINGS)
        .execute(EDITOR, new GraphqlRequest(query, Map.of(), null), MeshGraphql.Transport.HTTP)
        .toCompletableFuture()
        .join();
  }

  private static GraphQLError onlyError(ExecutionResult result) {
    assertThat(result.getErrors()).hasSize(1);
    return result.getErrors().get(0);
  }

  @Test
  void aProblemBecomesAnErrorWithItsTypeStatusAndViolations() {
    ProblemException invalid =
        new ProblemException(
            new Problem(
                ProblemType.INVALID_PLAN,
                "2 problem(s) in the submission",
                List.of(
                    new Problem.Violation("plan.steps[0].agent", "unknown agent 'nope'"),
                    new Problem.Violation("input", "must be a JSON object"))));

    ExecutionResult result =
        runWithTask(
            env -> {
              throw invalid;
            },
            "{ task(id: \"t1\") { taskId } playbooks { name } }");

    GraphQLError error = onlyError(result);
    assertThat(error.getMessage()).isEqualTo("2 problem(s) in the submission");
    assertThat(error.getPath()).containsExactly("task");
    assertThat(error.getExtensions())
        .containsEntry("type", "urn:maily:problem:invalid-plan")
        .containsEntry("code", "invalid-plan")
        .containsEntry("title", "Invalid plan")
        .containsEntry("status", 400)
        .containsEntry(
            "violations",
            List.of(
                Map.of("field", "plan.steps[0].agent", "message", "unknown agent 'nope'"),
                Map.of("field", "input", "message", "must be a JSON object")));
    assertThat(result.<Map<String, Object>>getData())
        .containsEntry("task", null)
        .containsEntry("playbooks", List.of());
  }

  @Test
  void aFailedFutureReportsItsProblem() {
    ExecutionResult result =
        runWithTask(
            env ->
                CompletableFuture.failedFuture(
                    ProblemException.of(ProblemType.FORBIDDEN, "this operation needs 'editor'")),
            "{ task(id: \"t1\") { taskId } }");

    assertThat(onlyError(result).getExtensions())
        .containsEntry("type", "urn:maily:problem:forbidden")
        .containsEntry("status", 403)
        .doesNotContainKey("violations");
  }

  @Test
  void anOverloadCarriesItsRetryDelayInWholeSeconds() {
    Problem overloaded =
        Problem.retryAfter(ProblemType.OVERLOADED, "the node is full", Duration.ofMillis(1500));

    ExecutionResult result =
        runWithTask(
            env -> CompletableFuture.failedFuture(new ProblemException(overloaded)),
            "{ task(id: \"t1\") { taskId } }");

    assertThat(onlyError(result).getExtensions())
        .containsEntry("type", "urn:maily:problem:overloaded")
        .containsEntry("status", 503)
        .containsEntry("retryAfterSeconds", 2L);
  }

  @Test
  void aTimeoutIsReportedAsUnavailableAsRestReportsIt() {
    ExecutionResult result =
        runWithTask(
            env -> CompletableFuture.failedFuture(new AskTimeoutException("no answer")),
            "{ task(id: \"t1\") { taskId } }");

    assertThat(onlyError(result).getExtensions())
        .containsEntry("type", "urn:maily:problem:unavailable")
        .containsEntry("status", 503);
  }

  @Test
  void resultsKeepTheNullsGraphqlRequires() {
    ExecutionResult result =
        runWithTask(env -> null, "{ task(id: \"t1\") { taskId } playbooks { name } }");

    assertThat(new String(GraphqlJson.bytes(result.toSpecification())))
        .isEqualTo("{\"data\":{\"task\":null,\"playbooks\":[]}}");
  }
}
