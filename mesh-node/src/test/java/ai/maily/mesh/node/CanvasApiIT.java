package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.canvas.CanvasEntity;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The canvas API of a running node: documents, ops and conflicts, roles, tenants and asks. */
class CanvasApiIT {

  private static TestNode node;
  private static String editor;
  private static String viewer;
  private static String stranger;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    editor = node.token("acme", Role.EDITOR);
    viewer = node.token("acme", Role.VIEWER);
    stranger = node.token("globex", Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String createCanvas(String title) {
    HttpResponse<String> created = node.post("/canvases", editor, "{\"title\": \"" + title + "\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return TestNode.json(created).path("canvasId").asText();
  }

  private static HttpResponse<String> ops(String canvasId, long base, String ops) {
    return node.post(
        "/canvases/" + canvasId + "/ops",
        editor,
        "{\"baseVersion\": " + base + ", \"ops\": " + ops.replace('\'', '"') + "}");
  }

  private static JsonNode applied(String canvasId, long base, String ops) {
    HttpResponse<String> response = ops(canvasId, base, ops);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }

  private static String addText(String id, int y, String text) {
    return "{'op': 'addBlock', 'block': {'id': '"
        + id
        + "', 'type': 'text', 'x': 0, 'y': "
        + y
        + ", 'w': 600, 'h': 40, 'content': {'text': '"
        + text
        + "'}}}";
  }

  private static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(TestNode.json(response).path("type").asText())
        .isEqualTo("urn:maily:problem:" + type);
  }

  @Test
  void createsListsAndReadsACanvas() {
    HttpResponse<String> created = node.post("/canvases", editor, "{\"title\": \"Spring sale\"}");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode canvas = TestNode.json(created);
    String canvasId = canvas.path("canvasId").asText();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/canvases/" + canvasId);
    assertThat(canvas.path("title").asText()).isEqualTo("Spring sale");
    assertThat(canvas.path("version").asLong()).isZero();
    assertThat(canvas.path("blocks")).isEmpty();
    assertThat(canvas.path("layers").path("trust").path("visible").asBoolean()).isTrue();

    JsonNode list = TestNode.json(node.get("/canvases", viewer));
    JsonNode listed =
        list.path("canvases").findParents("canvasId").stream()
            .filter(c -> c.path("canvasId").asText().equals(canvasId))
            .findFirst()
            .orElseThrow();
    assertThat(listed.path("title").asText()).isEqualTo("Spring sale");
    assertThat(listed.path("createdBy").asText()).isEqualTo("user-acme");
    assertThat(listed.path("createdAt").asText()).isNotBlank();

    JsonNode read = TestNode.json(node.get("/canvases/" + canvasId, viewer));
    assertThat(read.path("canvasId").asText()).isEqualTo(canvasId);
    assertThat(read.path("seq").asLong()).isEqualTo(1);
  }

  @Test
  void appliesOpsAndAnswersAStaleBaseVersionWithWhatChangedSince() {
    String canvasId = createCanvas("Conflicts");
    JsonNode first = applied(canvasId, 0, "[" + addText("intro", 0, "Hello") + "]");
    assertThat(first.path("version").asLong()).isEqualTo(1);
    assertThat(
            first
                .path("changes")
                .path("blocks")
                .get(0)
                .path("block")
                .path("content")
                .path("text")
                .asText())
        .isEqualTo("Hello");
    applied(canvasId, 1, "[{'op': 'moveBlock', 'blockId': 'intro', 'x': 10, 'y': 20}]");

    HttpResponse<String> stale = ops(canvasId, 0, "[{'op': 'deleteBlock', 'blockId': 'intro'}]");

    assertProblem(stale, 409, "conflict");
    JsonNode problem = TestNode.json(stale);
    assertThat(problem.path("version").asLong()).isEqualTo(2);
    assertThat(problem.path("since").findValuesAsText("version")).containsExactly("1", "2");
    assertThat(problem.path("since").get(0).path("changes")).isEqualTo(first.path("changes"));
    assertThat(
            problem
                .path("since")
                .get(1)
                .path("changes")
                .path("blocks")
                .get(0)
                .path("block")
                .path("x")
                .asDouble())
        .isEqualTo(10);
    assertThat(TestNode.json(node.get("/canvases/" + canvasId, editor)).path("blocks")).hasSize(1);
  }

  @Test
  void undoesAndRedoesTheCallersChanges() {
    String canvasId = createCanvas("Undo");
    applied(canvasId, 0, "[" + addText("intro", 0, "Hello") + "]");
    applied(
        canvasId, 1, "[{'op': 'updateBlock', 'blockId': 'intro', 'content': {'text': 'Howdy'}}]");

    JsonNode undone = applied(canvasId, 2, "[{'op': 'undo'}]");
    assertThat(undone.path("version").asLong()).isEqualTo(3);
    assertThat(
            undone
                .path("changes")
                .path("blocks")
                .get(0)
                .path("block")
                .path("content")
                .path("text")
                .asText())
        .isEqualTo("Hello");

    applied(canvasId, 3, "[{'op': 'redo'}]");
    JsonNode canvas = TestNode.json(node.get("/canvases/" + canvasId, editor));
    assertThat(canvas.path("version").asLong()).isEqualTo(4);
    assertThat(canvas.path("blocks").get(0).path("content").path("text").asText())
        .isEqualTo("Howdy");
  }

  @Test
  void aViewerReadsButDoesNotWrite() {
    String canvasId = createCanvas("Roles");

    assertThat(node.get("/canvases/" + canvasId, viewer).statusCode()).isEqualTo(200);
    assertProblem(node.post("/canvases", viewer, "{\"title\": \"Mine\"}"), 403, "forbidden");
    assertProblem(
        node.post(
            "/canvases/" + canvasId + "/ops",
            viewer,
            "{\"baseVersion\": 0, \"ops\": [{\"op\": \"undo\"}]}"),
        403,
        "forbidden");
    assertProblem(
        node.post(
            "/canvases/" + canvasId + "/asks",
            viewer,
            "{\"agent\": \"compliance\", \"blockId\": \"x\"}"),
        403,
        "forbidden");
  }

  @Test
  void anotherTenantsCanvasIsNotFound() {
    String canvasId = createCanvas("Private");

    assertProblem(node.get("/canvases/" + canvasId, stranger), 404, "not-found");
    assertProblem(
        node.post(
            "/canvases/" + canvasId + "/ops",
            stranger,
            "{\"baseVersion\": 0, \"ops\": [" + addText("a", 0, "x").replace('\'', '"') + "]}"),
        404,
        "not-found");
    assertThat(TestNode.json(node.get("/canvases", stranger)).findValuesAsText("canvasId"))
        .doesNotContain(canvasId);
    assertProblem(node.get("/canvases/not%20an%20id", editor), 404, "not-found");
  }

  @Test
  void malformedOpsAreRefusedWithTheirFields() {
    String canvasId = createCanvas("Malformed");

    HttpResponse<String> response =
        ops(
            canvasId,
            0,
            "[{'op': 'addBlock', 'block': {'type': 'video', 'x': 0, 'y': 0, 'w': 1, 'h': 1}},"
                + " {'op': 'moveBlock', 'blockId': 'ghost', 'x': 0}]");
    assertProblem(response, 400, "invalid-request");
    assertThat(TestNode.json(response).path("errors").findValuesAsText("field"))
        .containsExactly("ops[0].block.type", "ops[1].y");

    HttpResponse<String> invalid =
        ops(canvasId, 0, "[{'op': 'moveBlock', 'blockId': 'ghost', 'x': 0, 'y': 0}]");
    assertProblem(invalid, 400, "invalid-request");
    assertThat(TestNode.json(invalid).path("errors").findValuesAsText("field"))
        .containsExactly("ops[0].blockId");

    HttpResponse<String> unknown =
        node.post(
            "/canvases/" + canvasId + "/ops",
            editor,
            "{\"baseVersion\": -1, \"ops\": [], \"force\": true}");
    assertProblem(unknown, 400, "invalid-request");
    assertThat(TestNode.json(unknown).path("errors").findValuesAsText("field"))
        .containsExactly("force", "baseVersion");
    assertThat(TestNode.json(node.get("/canvases/" + canvasId, editor)).path("version").asLong())
        .isZero();
  }

  @Test
  void anAskRunsTheTaskOnTheCanvasesEmailAndTheCanvasRecordsIt() {
    String canvasId = createCanvas("Ask");
    applied(
        canvasId,
        0,
        "[{'op': 'addBlock', 'block': {'id': 'subject', 'type': 'subject', 'x': 0, 'y': 0, 'w': 600,"
            + " 'h': 30, 'content': {'text': '{{ first_name }}, spring is here'}}},"
            + addText("intro", 100, "Five new routes.")
            + ", {'op': 'addBlock', 'block': {'id': 'cta', 'type': 'button', 'x': 0, 'y': 200,"
            + " 'w': 200, 'h': 40, 'content': {'text': 'Unsubscribe',"
            + " 'href': 'https://acme.com/unsubscribe'}}}]");

    HttpResponse<String> asked =
        node.post(
            "/canvases/" + canvasId + "/asks",
            editor,
            "{\"agent\": \"compliance\", \"blockId\": \"intro\", \"idempotencyKey\": \"k1\"}");

    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    String taskId = TestNode.json(asked).path("taskId").asText();
    JsonNode task = RestApiIT.awaitTask(node, editor, taskId, "COMPLETED");
    assertThat(task.path("result").path("compliance").path("score").isNumber()).isTrue();
    assertThat(
            TestNode.json(
                    node.post(
                        "/canvases/" + canvasId + "/asks",
                        editor,
                        "{\"agent\": \"compliance\", \"blockId\": \"intro\","
                            + " \"idempotencyKey\": \"k1\"}"))
                .path("taskId")
                .asText())
        .isEqualTo(taskId);

    String playbookTask =
        TestNode.json(
                node.post(
                    "/canvases/" + canvasId + "/asks",
                    editor,
                    "{\"playbook\": \"email-check\", \"blockId\": \"cta\"}"))
            .path("taskId")
            .asText();
    JsonNode checked = RestApiIT.awaitTask(node, editor, playbookTask, "COMPLETED");
    assertThat(
            checked
                .path("result")
                .path("personalize")
                .path("variants")
                .get(0)
                .path("subject")
                .asText())
        .contains("spring is here");

    JsonNode canvas = TestNode.json(node.get("/canvases/" + canvasId, viewer));
    assertThat(canvas.path("asks").findValuesAsText("taskId"))
        .containsExactly(taskId, playbookTask);
    assertThat(canvas.path("version").asLong()).isEqualTo(1);
    List<Object> events = journal(CanvasEntity.persistenceId("acme", canvasId));
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsExactly("CanvasCreated", "OpsApplied", "TaskAsked", "TaskAsked");
    CanvasEntity.TaskAsked first = (CanvasEntity.TaskAsked) events.get(2);
    assertThat(first.taskId()).isEqualTo(taskId);
    assertThat(first.blockId()).isEqualTo("intro");
    assertThat(first.agent()).isEqualTo("compliance");
  }

  @Test
  void anAskNamesWhatIsWrongWithIt() {
    String canvasId = createCanvas("Bad asks");

    HttpResponse<String> response =
        node.post(
            "/canvases/" + canvasId + "/asks",
            editor,
            "{\"agent\": \"ghost\", \"blockId\": \"nowhere\", \"colour\": \"red\"}");
    assertProblem(response, 400, "invalid-request");
    assertThat(TestNode.json(response).path("errors").findValuesAsText("field"))
        .containsExactly("colour");

    HttpResponse<String> unknownAgent =
        node.post(
            "/canvases/" + canvasId + "/asks",
            editor,
            "{\"agent\": \"ghost\", \"blockId\": \"b\"}");
    assertProblem(unknownAgent, 400, "invalid-request");
    assertThat(TestNode.json(unknownAgent).path("errors").findValuesAsText("field"))
        .containsExactly("agent");

    HttpResponse<String> noBlock =
        node.post(
            "/canvases/" + canvasId + "/asks",
            editor,
            "{\"agent\": \"compliance\", \"blockId\": \"nowhere\"}");
    assertProblem(noBlock, 400, "invalid-request");
    assertThat(TestNode.json(noBlock).path("errors").findValuesAsText("field"))
        .containsExactly("blockId");
  }

  /** Every event the journal holds for {@code persistenceId}, read as the node reads it. */
  private static List<Object> journal(String persistenceId) {
    ActorSystem<Void> system = node.node().system();
    return PersistenceQuery.get(Adapter.toClassic(system))
        .getReadJournalFor(CurrentEventsByPersistenceIdQuery.class, "jdbc-read-journal")
        .currentEventsByPersistenceId(persistenceId, 0, Long.MAX_VALUE)
        .map(EventEnvelope::event)
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .orTimeout(Duration.ofSeconds(10).toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }
}
