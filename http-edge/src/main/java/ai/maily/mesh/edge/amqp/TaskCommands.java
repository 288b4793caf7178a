package ai.maily.mesh.edge.amqp;

import ai.maily.mesh.analytics.bus.Delivery;
import ai.maily.mesh.analytics.bus.EventBus;
import ai.maily.mesh.analytics.bus.InboxConsumer;
import ai.maily.mesh.analytics.bus.Outgoing;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.Failures;
import ai.maily.mesh.edge.TaskService;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import ai.maily.mesh.edge.rest.HttpProblems;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * {@code task.submit} commands from the mesh exchange, into the same {@link TaskService#submit} as
 * REST and gRPC. A command is the REST submission's JSON plus the {@code tenant} it is for (AMQP
 * carries no token: whoever may publish to the exchange may submit, as an editor of the tenant
 * named) and, optionally, {@code submittedBy}, for the record:
 *
 * <pre>{"tenant": "acme", "playbook": "email-check", "input": {...}, "idempotencyKey": "..."}</pre>
 *
 * <p>A command that can never succeed (malformed, refused by validation) is dead-lettered with the
 * reason; one refused for a reason that passes (an overloaded node, a timeout) is retried through
 * the retry queues. A sender that gives {@code reply_to} gets the outcome there, with its {@code
 * correlation_id}: the REST answer's JSON ({@code {taskId, status, created}}) or the problem's.
 * Delivery is at least once, so a command without an {@code idempotencyKey} takes {@code
 * amqp:<message_id>} as its key: a redelivered command returns the task it created.
 */
public final class TaskCommands {

  private static final int PREFETCH = 64;
  private static final int PARALLELISM = 16;
  private static final int MAX_SUBMITTER_LENGTH = 128;
  private static final int MAX_TENANT_LENGTH = 128;

  private TaskCommands() {}

  /** Starts consuming {@code bus}'s task commands; settles them on {@code blocking}. */
  public static InboxConsumer start(
      ActorSystem<?> system,
      EventBus bus,
      TaskService tasks,
      Duration minBackoff,
      Duration maxBackoff,
      Executor blocking) {
    return InboxConsumer.start(
        system,
        "task-commands",
        minBackoff,
        maxBackoff,
        () ->
            bus.consume(bus.topology().taskCommands(), PREFETCH)
                .mapAsyncUnordered(
                    PARALLELISM, delivery -> handle(delivery, bus, tasks, blocking)));
  }

  private record Command(Principal caller, TaskService.SubmitRequest request) {}

  private static CompletionStage<Done> handle(
      Delivery delivery, EventBus bus, TaskService tasks, Executor blocking) {
    Command command;
    try {
      command = read(delivery.body(), delivery.messageId());
    } catch (ProblemException refused) {
      return CompletableFuture.supplyAsync(() -> refuse(delivery, bus, refused.problem()), blocking)
          .thenCompose(settled -> settled);
    }
    return tasks
        .submit(command.caller(), command.request())
        .handleAsync(
            (submitted, failure) -> {
              if (failure == null) {
                Map<String, Object> reply = new LinkedHashMap<>();
                reply.put("taskId", submitted.task().taskId());
                reply.put("status", submitted.task().status());
                reply.put("created", submitted.created());
                return reply(delivery, bus, reply)
                    .thenApply(
                        replied -> {
                          delivery.ack();
                          return Done.getInstance();
                        });
              }
              Problem problem = Failures.toProblem(failure);
              if (problem.type().httpStatus() >= 500) {
                return delivery.retry(describe(problem));
              }
              return refuse(delivery, bus, problem);
            },
            blocking)
        .thenCompose(settled -> settled);
  }

  /** Answers the sender with the problem, then dead-letters the command with it. */
  private static CompletionStage<Done> refuse(Delivery delivery, EventBus bus, Problem problem) {
    return reply(delivery, bus, HttpProblems.body(problem))
        .thenCompose(replied -> delivery.deadLetter(describe(problem)));
  }

  private static CompletionStage<Done> reply(Delivery delivery, EventBus bus, Object body) {
    Optional<String> replyTo = delivery.replyTo();
    if (replyTo.isEmpty()) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    return bus.publish(
        new Outgoing(
            "",
            replyTo.get(),
            delivery.messageId().map(id -> "reply-" + id).orElse("reply"),
            delivery.correlationId(),
            Map.of(),
            Json.bytes(body)));
  }

  private static Command read(byte[] body, Optional<String> messageId) {
    JsonNode json;
    try {
      json = Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST, "the command is not valid JSON: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw ProblemException.of(ProblemType.INVALID_REQUEST, "the command must be a JSON object");
    }
    List<Problem.Violation> violations = new ArrayList<>();
    Set<String> allowed = new HashSet<>(TaskService.SubmitRequest.FIELDS);
    allowed.add("tenant");
    allowed.add("submittedBy");
    json.fieldNames()
        .forEachRemaining(
            field -> {
              if (!allowed.contains(field)) {
                violations.add(new Problem.Violation(field, "unknown field; allowed: " + allowed));
              }
            });
    String tenant = text(json, "tenant", MAX_TENANT_LENGTH, true, violations);
    String submitter = text(json, "submittedBy", MAX_SUBMITTER_LENGTH, false, violations);
    TaskService.SubmitRequest read = TaskService.SubmitRequest.fromJson(json, violations);
    if (read.idempotencyKey() == null && messageId.isEmpty()) {
      violations.add(
          new Problem.Violation(
              "idempotencyKey",
              "is required when the message has no message_id: a redelivered command must not"
                  + " start a second task"));
    }
    if (!violations.isEmpty()) {
      throw new ProblemException(
          new Problem(ProblemType.INVALID_REQUEST, "the command is malformed", violations));
    }
    Principal caller =
        new Principal(
            submitter == null ? "amqp" : "amqp:" + submitter,
            tenant,
            Set.of(Role.EDITOR),
            Instant.MAX);
    TaskService.SubmitRequest request =
        read.idempotencyKey() != null
            ? read
            : new TaskService.SubmitRequest(
                read.playbook(), read.plan(), read.input(), "amqp:" + messageId.orElseThrow());
    return new Command(caller, request);
  }

  private static String text(
      JsonNode json,
      String field,
      int maxLength,
      boolean required,
      List<Problem.Violation> violations) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        violations.add(new Problem.Violation(field, "is required"));
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > maxLength) {
      violations.add(
          new Problem.Violation(
              field, "must be a non-blank string of at most " + maxLength + " characters"));
      return null;
    }
    return value.asText();
  }

  private static String describe(Problem problem) {
    String violations =
        problem.violations().stream()
            .map(v -> v.field() + ": " + v.message())
            .collect(Collectors.joining("; "));
    return "["
        + problem.type().uri()
        + "] "
        + problem.detail()
        + (violations.isEmpty() ? "" : ": " + violations);
  }
}
