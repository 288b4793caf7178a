package ai.maily.mesh.edge.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.introspection.IntrospectionQuery;
import graphql.schema.idl.RuntimeWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Operations over a limit are refused before anything runs, with an error that names the limit;
 * operations within them, the UI's and tooling's introspection among them, pass. The schema is the
 * node's, its fields unwired: nothing here reaches a service.
 */
class QueryLimitsTest {

  private static final GraphqlSettings SETTINGS =
      new GraphqlSettings(
          15, 2000, 10_000, true, Duration.ofSeconds(10), Duration.ofSeconds(15), 16, 1 << 20);
  private static final Principal VIEWER =
      new Principal("viewer", "acme", Set.of(Role.VIEWER), Instant.MAX);

  private static final String TASK_FIELDS =
      "taskId tenant status playbook result reasons submittedBy createdAt updatedAt"
          + " steps { id agent kind status attempts optional dependsOn output summary error }";

  private static ExecutionResult run(GraphqlSettings settings, String query) {
    return new MeshGraphql(RuntimeWiring.newRuntimeWiring(), settings)
        .execute(VIEWER, new GraphqlRequest(query, Map.of(), null), MeshGraphql.Transport.HTTP)
        .toCompletableFuture()
        .join();
  }

  private static ExecutionResult run(String query) {
    return run(SETTINGS, query);
  }

  /** The limit named by the result's only error. */
  private static Object refusedFor(ExecutionResult result) {
    assertThat(result.getErrors()).hasSize(1);
    assertThat(result.isDataPresent()).isFalse();
    Map<String, Object> extensions = result.getErrors().get(0).getExtensions();
    assertThat(extensions)
        .containsEntry("type", "urn:maily:problem:invalid-request")
        .containsEntry("status", 400);
    return extensions.get("limit");
  }

  private static List<Object> limitsNamed(ExecutionResult result) {
    return result.getErrors().stream()
        .map(GraphQLError::getExtensions)
        .filter(e -> e != null && e.containsKey("limit"))
        .map(e -> e.get("limit"))
        .toList();
  }

  @Test
  void refusesAQueryNestedDeeperThanTheLimit() {
    String deep =
        "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType"
            + " { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } } } } }";

    assertThat(refusedFor(run(deep))).isEqualTo("max-depth");
  }

  @Test
  void letsToolingIntrospectTheSchema() {
    ExecutionResult result = run(IntrospectionQuery.INTROSPECTION_QUERY);

    assertThat(result.getErrors()).isEmpty();
    assertThat(result.<Map<String, Object>>getData()).containsKey("__schema");
  }

  @Test
  void refusesIntrospectionWhereItIsTurnedOff() {
    GraphqlSettings closed =
        new GraphqlSettings(
            15, 2000, 10_000, false, Duration.ofSeconds(10), Duration.ofSeconds(15), 16, 1 << 20);

    ExecutionResult result = run(closed, "{ __schema { queryType { name } } }");

    assertThat(result.getErrors()).isNotEmpty();
    assertThat(result.isDataPresent()).isFalse();
  }

  @Test
  void aFullPageOfTasksWithEveryFieldFitsTheBudget() {
    ExecutionResult result = run("{ tasks(first: 50) { next tasks { " + TASK_FIELDS + " } } }");

    assertThat(limitsNamed(result)).isEmpty();
  }

  @Test
  void refusesAQueryCostingMoreThanTheLimit() {
    String page = "tasks(first: 50) { tasks { " + TASK_FIELDS + " } }";

    assertThat(refusedFor(run("{ a: " + page + " b: " + page + " }"))).isEqualTo("max-complexity");
  }

  @Test
  void countsThePageSizeAClientLeavesOut() {
    GraphqlSettings tight =
        new GraphqlSettings(
            15, 300, 10_000, true, Duration.ofSeconds(10), Duration.ofSeconds(15), 16, 1 << 20);

    ExecutionResult result =
        run(tight, "{ a: tasks { tasks { taskId } } b: tasks { tasks { taskId } } }");

    assertThat(refusedFor(result)).isEqualTo("max-complexity");
    // Each: (weight 10 + tasks 1 + taskId 1) times the default page of 20.
    assertThat(result.getErrors().get(0).getExtensions()).containsEntry("measured", 480);
  }

  @Test
  void aHugePageSizeCannotOverflowTheCost() {
    String page = "tasks(first: 2147483647) { tasks { taskId } }";

    assertThat(refusedFor(run("{ a: " + page + " b: " + page + " }"))).isEqualTo("max-complexity");
  }

  @Test
  void refusesAQueryTextLongerThanTheLimit() {
    String padded = "{ playbooks { name } }" + " ".repeat(10_000);

    ExecutionResult result = run(padded);

    assertThat(result.getErrors()).hasSize(1);
    assertThat(result.getErrors().get(0).getErrorType().toString()).isEqualTo("InvalidSyntax");
    assertThat(result.isDataPresent()).isFalse();
  }

  @Test
  void refusesASubscriptionOverHttp() {
    ExecutionResult result = run("subscription { taskEvents(taskId: \"t\") { seq } }");

    assertThat(result.getErrors()).hasSize(1);
    assertThat(result.getErrors().get(0).getMessage()).contains("/graphql/ws");
    assertThat(result.getErrors().get(0).getExtensions())
        .containsEntry("type", "urn:maily:problem:invalid-request");
  }
}
