package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.task.TaskCoordinator;
import ai.maily.mesh.core.task.TaskIds;
import ai.maily.mesh.grpc.v1.MeshServiceClient;
import ai.maily.mesh.grpc.v1.Plan;
import ai.maily.mesh.grpc.v1.PlanStep;
import ai.maily.mesh.grpc.v1.StreamTaskEventsRequest;
import ai.maily.mesh.grpc.v1.SubmitTaskRequest;
import ai.maily.mesh.grpc.v1.TaskEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.Status;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Whatever JSON a client sends (deep, wide, odd Unicode, long strings, big numbers), the edge
 * either refuses it with a 4xx problem or the task is written, read back after its entity starts
 * again, and rendered by every read API: the REST task and events and the gRPC event stream.
 */
class StorableInputIT {

  /** An approval alone: the task waits for the decision, which carries the generated comment. */
  private static final String PLAN = "{\"steps\": [{\"id\": \"ok\", \"kind\": \"approval\"}]}";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Writes ASCII only, escaping every other character, so that unpaired surrogates reach the node
   * as JSON escapes (an HTTP client would turn them into '?'), and nests past Jackson's default
   * write limit so that over-deep documents can be sent at all.
   */
  private static final ObjectWriter CLIENT_JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .streamWriteConstraints(
                      StreamWriteConstraints.builder().maxNestingDepth(5_000).build())
                  .build())
          .writer()
          .with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private static final AtomicLong SUBMISSIONS = new AtomicLong();

  private static TestNode node;
  private static MeshServiceClient grpc;
  private static String admin;

  @BeforeContainer
  static void start() {
    node = TestNode.start();
    admin = node.devToken();
    grpc = MeshServiceClient.create(GrpcCalls.settings(node), node.node().system());
  }

  @AfterContainer
  static void stop() {
    grpc.close();
    node.close();
  }

  /** One submission: the task input, its idempotency key, the approval's comment, the protocol. */
  record Submission(JsonNode input, String idempotencyKey, String comment, boolean viaGrpc) {}

  @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
  void anInputIsRefusedWithAProblemOrStoredReadBackAndRendered(
      @ForAll("submissions") Submission submission) throws Exception {
    String key = submission.idempotencyKey() + "-" + SUBMISSIONS.incrementAndGet();
    Optional<String> taskId =
        submission.viaGrpc()
            ? submitViaGrpc(submission.input(), key)
            : submitViaRest(submission.input(), key);
    if (taskId.isEmpty()) {
      return;
    }
    String comment = approve(taskId.get(), submission.comment());
    // As the node read it: a long that fits an int reads back as an int, and so on.
    JsonNode input = read(write(submission.input()));

    JsonNode task = TestNode.json(node.get("/tasks/" + taskId.get(), admin));
    assertThat(task.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(task.path("steps").path(0).path("output").path("comment").asText())
        .isEqualTo(comment);
    HttpResponse<String> events = node.get("/tasks/" + taskId.get() + "/events", admin);
    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    JsonNode submitted = TestNode.json(events).path("events").path(0);
    assertThat(submitted.path("type").asText()).isEqualTo("TaskSubmitted");
    assertThat(submitted.path("data").path("submission").path("input")).isEqualTo(input);
    assertThat(streamedInput(taskId.get())).isEqualTo(input);
    assertReplaysFromTheJournal(taskId.get());
  }

  /** The task id, or empty when the edge refused the submission with a problem. */
  private static Optional<String> submitViaRest(JsonNode input, String key) {
    ObjectNode body = NODES.objectNode();
    body.set("plan", read(PLAN));
    body.set("input", input);
    body.put("idempotencyKey", key);
    HttpResponse<String> response = node.post("/tasks", admin, write(body));
    if (response.statusCode() == 202) {
      return Optional.of(TestNode.json(response).path("taskId").asText());
    }
    assertThat(response.statusCode()).as(response.body()).isIn(400, 413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return Optional.empty();
  }

  private static Optional<String> submitViaGrpc(JsonNode input, String key) throws Exception {
    SubmitTaskRequest request =
        SubmitTaskRequest.newBuilder()
            .setPlan(
                Plan.newBuilder()
                    .addSteps(PlanStep.newBuilder().setId("ok").setKind("approval").build()))
            .setInputJson(write(input))
            // A proto string is UTF-8 on the wire, so a client cannot put an unpaired surrogate in
            // one (Java's refuses to encode it); the input's JSON text can hold one as an escape.
            .setIdempotencyKey(
                new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
            .build();
    try {
      return Optional.of(
          GrpcCalls.await(
                  grpc.submitTask().addHeader("authorization", "Bearer " + admin).invoke(request))
              .getTaskId());
    } catch (ExecutionException e) {
      assertThat(GrpcCalls.codeOf(e))
          .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
      return Optional.empty();
    }
  }

  /** Approves with {@code comment}, or with none when the edge refuses it; the comment used. */
  private static String approve(String taskId, String comment) {
    String path = "/tasks/" + taskId + "/approvals/ok";
    ObjectNode decision = NODES.objectNode().put("decision", "approve").put("comment", comment);
    HttpResponse<String> response = node.post(path, admin, write(decision));
    if (response.statusCode() == 200) {
      return comment;
    }
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    HttpResponse<String> plain = node.post(path, admin, "{\"decision\": \"approve\"}");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    return "";
  }

  private static JsonNode streamedInput(String taskId) throws Exception {
    List<TaskEvent> events =
        GrpcCalls.await(
            grpc.streamTaskEvents()
                .addHeader("authorization", "Bearer " + admin)
                .invoke(StreamTaskEventsRequest.newBuilder().setTaskId(taskId).build())
                .completionTimeout(Duration.ofSeconds(20))
                .runWith(Sink.seq(), node.node().system()));
    assertThat(events.get(events.size() - 1).getType()).isEqualTo("TaskFinished");
    return read(events.get(0).getEventJson()).path("submission").path("input");
  }

  /**
   * Once the finished task has passivated, waking its entity replays its events: it refuses a
   * cancel of the task it read back as completed.
   */
  private static void assertReplaysFromTheJournal(String taskId) throws Exception {
    ActorSystem<?> system = node.node().system();
    await().atMost(Duration.ofSeconds(10)).until(() -> !RestApiIT.taskEntityRuns(node, taskId));
    TaskCoordinator.TaskReply reply =
        GrpcCalls.await(
            ClusterSharding.get(system)
                .entityRefFor(TaskCoordinator.ENTITY_KEY, TaskIds.entityId("dev", taskId))
                .ask(
                    replyTo -> new TaskCoordinator.Cancel("test", "", replyTo),
                    Duration.ofSeconds(5)));
    assertThat(reply)
        .isEqualTo(
            TaskCoordinator.Refused.of(
                ProblemType.CONFLICT, "task " + taskId + " already ended as COMPLETED"));
  }

  private static String write(JsonNode json) {
    try {
      return CLIENT_JSON.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<Submission> submissions() {
    return Combinators.combine(documents(), texts(), texts(), Arbitraries.of(false, true))
        .as(Submission::new);
  }

  /** An object, sometimes wrapped in objects and arrays to about the limit or far past it. */
  private static Arbitrary<JsonNode> documents() {
    Arbitrary<Integer> depth =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.integers().between(0, 4)),
            Tuple.of(3, Arbitraries.integers().between(58, 70)),
            Tuple.of(1, Arbitraries.integers().between(990, 1004)));
    return Combinators.combine(objects(leaves()), depth, texts())
        .as(
            (content, levels, key) -> {
              JsonNode nested = content;
              for (int i = 0; i < levels; i++) {
                nested = i % 2 == 0 ? NODES.arrayNode().add(nested) : object(key, nested);
              }
              return object(key, nested);
            });
  }

  private static ObjectNode object(String key, JsonNode value) {
    ObjectNode object = NODES.objectNode();
    object.set(key, value);
    return object;
  }

  private static Arbitrary<JsonNode> objects(Arbitrary<JsonNode> values) {
    Arbitrary<Map<String, JsonNode>> fields =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.maps(texts(), values).ofMaxSize(6)),
            Tuple.of(1, Arbitraries.maps(texts(), values).ofMaxSize(300)));
    return fields.map(
        map -> {
          ObjectNode object = NODES.objectNode();
          map.forEach(object::set);
          return object;
        });
  }

  private static Arbitrary<JsonNode> leaves() {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            texts().map(NODES::textNode),
            Arbitraries.integers().map(NODES::numberNode),
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            bigIntegers().map(NODES::numberNode),
            // Written as 1E+400 and the like: beyond a double's range.
            Arbitraries.integers().between(300, 400).map(e -> decimal("1E+" + e)),
            Arbitraries.integers().between(300, 400).map(e -> decimal("-2.5E-" + e)),
            Arbitraries.of(NODES.booleanNode(true), NODES.nullNode()));
    Arbitrary<JsonNode> arrays =
        scalars.list().ofMaxSize(5).map(items -> (JsonNode) NODES.arrayNode().addAll(items));
    return Arbitraries.frequencyOf(Tuple.of(6, scalars), Tuple.of(1, arrays));
  }

  private static JsonNode decimal(String literal) {
    return NODES.numberNode(new BigDecimal(literal));
  }

  private static Arbitrary<BigInteger> bigIntegers() {
    return Arbitraries.integers()
        .between(19, 1_100)
        .map(digits -> new BigInteger("9".repeat(digits)).negate().add(BigInteger.TEN));
  }

  /**
   * Text of every kind a client may send: plain, any UTF-16 code unit (lone surrogates and control
   * characters among them), astral characters as surrogate pairs, a lone surrogate in plain text,
   * and long.
   */
  private static Arbitrary<String> texts() {
    Arbitrary<String> plain = Arbitraries.strings().alpha().numeric().ofMaxLength(12);
    Arbitrary<String> astral =
        Arbitraries.integers()
            .between(0x10000, 0x10FFFF)
            .list()
            .ofMaxSize(4)
            .map(
                points -> {
                  StringBuilder text = new StringBuilder();
                  points.forEach(text::appendCodePoint);
                  return text.toString();
                });
    Arbitrary<String> loneSurrogate =
        Combinators.combine(plain, Arbitraries.chars().range('\uD800', '\uDFFF'), plain)
            .as((before, surrogate, after) -> before + surrogate + after);
    Arbitrary<String> longText =
        Arbitraries.integers().between(1_000, 300_000).map(length -> "y".repeat(length));
    return Arbitraries.frequencyOf(
        Tuple.of(25, plain),
        Tuple.of(3, Arbitraries.strings().all().ofMaxLength(8)),
        Tuple.of(3, astral),
        Tuple.of(2, loneSurrogate),
        Tuple.of(1, longText));
  }
}
