package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.TaskService.SubmitRequest;
import ai.maily.mesh.edge.auth.Principal;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The task fields of the schema, each one call of {@link TaskService}: the caller's role, the
 * validation and the refusals are the service's, as they are for REST and gRPC.
 */
final class TaskResolvers {

  private final TaskService tasks;
  private final Materializer materializer;

  TaskResolvers(TaskService tasks, Materializer materializer) {
    this.tasks = tasks;
    this.materializer = materializer;
  }

  /** Adds the task fields of {@code Query}, {@code Mutation} and {@code Subscription}. */
  void wire(RuntimeWiring.Builder wiring) {
    wiring
        .type(
            "Query",
            type ->
                type.dataFetcher("task", this::task)
                    .dataFetcher("tasks", this::list)
                    .dataFetcher("budget", env -> tasks.budget(caller(env)).toCompletableFuture()))
        .type(
            "Mutation",
            type ->
                type.dataFetcher("submitTask", this::submit)
                    .dataFetcher("approve", this::approve)
                    .dataFetcher("cancelTask", this::cancel))
        .type("Subscription", type -> type.dataFetcher("taskEvents", this::events));
  }

  private Object task(DataFetchingEnvironment env) {
    return tasks.get(caller(env), env.getArgument("id")).toCompletableFuture();
  }

  private Object list(DataFetchingEnvironment env) {
    int first = env.getArgument("first");
    if (first < 1 || first > TaskService.MAX_TASKS_PAGE) {
      throw new ProblemException(
          new Problem(
              ProblemType.INVALID_REQUEST,
              "a page lists 1 to " + TaskService.MAX_TASKS_PAGE + " tasks; " + first + " asked",
              List.of(
                  new Problem.Violation(
                      "first", "must be between 1 and " + TaskService.MAX_TASKS_PAGE))));
    }
    Optional<String> after = Optional.ofNullable(env.getArgument("after"));
    return tasks.list(caller(env), after, first).toCompletableFuture();
  }

  private Object submit(DataFetchingEnvironment env) {
    Map<String, Object> input = env.getArgument("input");
    SubmitRequest request =
        new SubmitRequest(
            (String) input.get("playbook"),
            (JsonNode) input.get("plan"),
            (JsonNode) input.get("input"),
            (String) input.get("idempotencyKey"));
    return tasks
        .submit(caller(env), request)
        .thenApply(
            submitted ->
                Map.of(
                    "taskId", submitted.task().taskId(),
                    "status", submitted.task().status(),
                    "created", submitted.created(),
                    "task", submitted.task()))
        .toCompletableFuture();
  }

  private Object approve(DataFetchingEnvironment env) {
    boolean approve = "APPROVE".equals(env.getArgument("decision"));
    return tasks
        .decide(
            caller(env),
            env.getArgument("taskId"),
            env.getArgument("stepId"),
            approve,
            Objects.requireNonNullElse(env.getArgument("comment"), ""))
        .toCompletableFuture();
  }

  private Object cancel(DataFetchingEnvironment env) {
    return tasks
        .cancel(
            caller(env),
            env.getArgument("taskId"),
            Objects.requireNonNullElse(env.getArgument("reason"), ""))
        .toCompletableFuture();
  }

  /**
   * The task's events as a Reactive Streams publisher, which graphql-java subscriptions take; the
   * stream runs once the protocol subscribes to it and stops when it cancels. A client that falls
   * behind the live stream ends with a resync error, as {@code canvasEvents} does ({@link
   * LiveEvents}).
   */
  private Object events(DataFetchingEnvironment env) {
    int after = env.getArgument("after");
    return tasks
        .follow(caller(env), env.getArgument("taskId"), after)
        .thenApply(
            events ->
                LiveEvents.of(
                        events,
                        TaskService.TaskEvent::seq,
                        after,
                        env.getExecutionStepInfo().getPath())
                    .runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), materializer))
        .toCompletableFuture();
  }

  static Principal caller(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(Principal.class);
  }
}
