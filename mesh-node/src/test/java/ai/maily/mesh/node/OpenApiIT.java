package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code /api/v1/openapi.yaml} true: every documented operation exists, answers with a
 * documented status, its success bodies carry the documented required fields, and its errors are
 * documented problems.
 */
class OpenApiIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  private static final String PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";
  // A memory of the compliance agent that the document's delete example forgets.
  private static final String MEMORY_ID = "openapi-memory";

  private static TestNode node;
  private static String admin;
  private static JsonNode document;
  private static String certificateId;
  private static String canvasId;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start();
    admin = node.devToken();
    HttpResponse<String> response =
        node.send(HttpRequest.newBuilder(node.api("/openapi.yaml")).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/yaml"));
    document = YAML.readTree(response.body());
    certificateId =
        TestNode.json(
                node.post(
                    "/certificates",
                    admin,
                    "{\"subject\": {\"type\": \"email\", \"id\": \"openapi\"},"
                        + " \"email\": {\"from\": \"news@acme.com\", \"subject\": \"Hi\"}}"))
            .path("certificateId")
            .asText();
    canvasId =
        TestNode.json(node.post("/canvases", admin, "{\"title\": \"OpenAPI\"}"))
            .path("canvasId")
            .asText();
    HttpResponse<String> memory =
        node.post(
            "/agents/compliance/memory",
            admin,
            "{\"id\": \""
                + MEMORY_ID
                + "\", \"kind\": \"fact\", \"text\": \"We ship from Denver.\"}");
    assertThat(memory.statusCode()).as(memory.body()).isEqualTo(201);
    HttpResponse<String> block =
        node.post(
            "/canvases/" + canvasId + "/ops",
            admin,
            "{\"baseVersion\": 0, \"ops\": [{\"op\": \"addBlock\", \"block\": {\"id\": \"intro\","
                + " \"type\": \"text\", \"x\": 0, \"y\": 0, \"w\": 600, \"h\": 40}}]}");
    assertThat(block.statusCode()).as(block.body()).isEqualTo(200);
    engagement();
  }

  /**
   * Campaign {@code spring} sent and delivered to 20 contacts ({@code dana} among them) of segment
   * {@code vip}, opened by 10, counted.
   */
  private static void engagement() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String contact = i == 0 ? "dana" : "contact-" + i;
      for (String type :
          i < 10 ? List.of("sent", "delivered", "open") : List.of("sent", "delivered")) {
        events.add(
            "{\"eventId\": \"openapi-setup-"
                + type
                + "-"
                + i
                + "\", \"contactId\": \""
                + contact
                + "\", \"campaignId\": \"spring\", \"channel\": \"email\", \"type\": \""
                + type
                + "\", \"occurredAt\": \"2026-03-01T09:00:00Z\","
                + " \"attributes\": {\"segment\": \"vip\"}}");
      }
    }
    HttpResponse<String> stored =
        node.post("/analytics/events", admin, "{\"events\": [" + String.join(", ", events) + "]}");
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(202);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> node.get("/analytics/contacts/dana/prediction", admin).statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A task parked at its approval step {@code approve}, so every task operation applies. */
  private static String parkedTask() {
    String plan =
        """
        "plan": {"steps": [{"id": "check", "agent": "compliance"},
                           {"id": "approve", "kind": "approval", "dependsOn": ["check"]}]}""";
    String taskId =
        TestNode.json(node.post("/tasks", admin, RestApiIT.submitBody(plan, "")))
            .path("taskId")
            .asText();
    RestApiIT.awaitTask(node, admin, taskId, "AWAITING_APPROVAL");
    return taskId;
  }

  private record Operation(String method, String template, JsonNode spec) {
    /**
     * The path with real ids and the documented examples of required query parameters. The canvas
     * is at version 1 with a block {@code intro}, as the examples of its operations expect.
     */
    String concretePath(String taskId, String certificateId, String canvasId) {
      StringBuilder query = new StringBuilder();
      for (JsonNode parameter : spec.path("parameters")) {
        if (parameter.path("in").asText().equals("query") && parameter.has("example")) {
          query.append(query.length() == 0 ? '?' : '&');
          query
              .append(parameter.path("name").asText())
              .append('=')
              .append(parameter.path("example").asText());
        }
      }
      return template
              .replace("{taskId}", taskId)
              .replace("{certificateId}", certificateId)
              .replace("{canvasId}", canvasId)
              .replace("{stepId}", "approve")
              .replace("{type}", "compliance")
              .replace("{memoryId}", MEMORY_ID)
              .replace("{campaignId}", "spring")
              .replace("{contactId}", "dana")
              .replace("{segment}", "vip")
          + query;
    }

    boolean secured() {
      return !spec.has("security") || !spec.get("security").isEmpty();
    }
  }

  private static List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path -> {
              for (String method : METHODS) {
                if (path.getValue().has(method)) {
                  operations.add(new Operation(method, path.getKey(), path.getValue().get(method)));
                }
              }
            });
    return operations;
  }

  private static HttpResponse<String> call(Operation operation, String path, String token) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api("") + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    JsonNode example =
        operation
            .spec()
            .path("requestBody")
            .path("content")
            .path("application/json")
            .path("example");
    if (!example.isMissingNode()) {
      request.header("Content-Type", "application/json");
      request.method(
          operation.method().toUpperCase(Locale.ROOT),
          HttpRequest.BodyPublishers.ofString(
              example.toString().replace(PLACEHOLDER_ID, certificateId)));
    } else {
      request.method(
          operation.method().toUpperCase(Locale.ROOT), HttpRequest.BodyPublishers.noBody());
    }
    return node.send(request.build());
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    while (current.has("$ref")) {
      String[] parts = current.get("$ref").asText().substring(2).split("/");
      current = document;
      for (String part : parts) {
        current = current.path(part);
      }
    }
    return current;
  }

  /** The required properties of a schema, including those of every {@code allOf} part. */
  private static List<String> required(JsonNode schema) {
    List<String> fields = new ArrayList<>();
    schema.path("required").forEach(field -> fields.add(field.asText()));
    schema.path("allOf").forEach(part -> fields.addAll(required(resolve(part))));
    return fields;
  }

  @Test
  void isAnOpenApi31DocumentWithOperations() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(operations()).hasSizeGreaterThanOrEqualTo(18);
  }

  @Test
  void everyOperationAnswersWithADocumentedStatusAndShape() {
    for (Operation operation : operations()) {
      HttpResponse<String> response =
          call(operation, operation.concretePath(parkedTask(), certificateId, canvasId), admin);
      String where = operation.method() + " " + operation.template() + " -> " + response.body();

      JsonNode documented =
          resolve(operation.spec().path("responses").path(String.valueOf(response.statusCode())));
      assertThat(documented.isMissingNode()).as(where).isFalse();
      assertThat(response.statusCode()).as(where).isLessThan(300);
      JsonNode schema = resolve(documented.path("content").path("application/json").path("schema"));
      if (!schema.isMissingNode()) {
        JsonNode body = TestNode.json(response);
        for (String field : required(schema)) {
          assertThat(body.has(field)).as(where + " lacks " + field).isTrue();
        }
      }
    }
  }

  @Test
  void securedOperationsDocumentTheir401AndAnswerIt() {
    for (Operation operation : operations()) {
      if (!operation.secured()) {
        continue;
      }
      HttpResponse<String> response =
          call(operation, operation.concretePath("any-task", PLACEHOLDER_ID, PLACEHOLDER_ID), null);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(operation.spec().path("responses").has("401"))
          .as(operation.method() + " " + operation.template())
          .isTrue();
    }
  }

  @Test
  void notFoundAnswersAreDocumentedWhereTheyHappen() {
    for (Operation operation : operations()) {
      if (!operation.template().contains("{")) {
        continue;
      }
      String path =
          operation
              .template()
              .replace("{taskId}", PLACEHOLDER_ID)
              .replace("{certificateId}", PLACEHOLDER_ID)
              .replace("{canvasId}", PLACEHOLDER_ID)
              .replace("{stepId}", "approve")
              .replace("{type}", "nobody")
              .replace("{memoryId}", MEMORY_ID)
              .replace("{campaignId}", PLACEHOLDER_ID)
              .replace("{contactId}", PLACEHOLDER_ID)
              .replace("{segment}", PLACEHOLDER_ID);
      HttpResponse<String> response = call(operation, path, admin);

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(operation.spec().path("responses").has("404"))
          .as(operation.method() + " " + operation.template())
          .isTrue();
      assertThat(TestNode.json(response).path("type").asText())
          .isEqualTo("urn:maily:problem:not-found");
    }
  }
}
