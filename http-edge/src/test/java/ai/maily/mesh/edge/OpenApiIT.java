package ai.maily.mesh.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

  private static TestNode node;
  private static String admin;
  private static JsonNode document;

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
    String concretePath(String taskId) {
      return template
          .replace("{taskId}", taskId)
          .replace("{stepId}", "approve")
          .replace("{type}", "compliance");
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
          HttpRequest.BodyPublishers.ofString(example.toString()));
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

  @Test
  void isAnOpenApi31DocumentWithOperations() {
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(operations()).hasSizeGreaterThanOrEqualTo(9);
  }

  @Test
  void everyOperationAnswersWithADocumentedStatusAndShape() {
    for (Operation operation : operations()) {
      HttpResponse<String> response = call(operation, operation.concretePath(parkedTask()), admin);
      String where = operation.method() + " " + operation.template() + " -> " + response.body();

      JsonNode documented =
          resolve(operation.spec().path("responses").path(String.valueOf(response.statusCode())));
      assertThat(documented.isMissingNode()).as(where).isFalse();
      assertThat(response.statusCode()).as(where).isLessThan(300);
      JsonNode schema = resolve(documented.path("content").path("application/json").path("schema"));
      if (!schema.isMissingNode()) {
        JsonNode body = TestNode.json(response);
        for (JsonNode field : schema.path("required")) {
          assertThat(body.has(field.asText())).as(where + " lacks " + field).isTrue();
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
      HttpResponse<String> response = call(operation, operation.concretePath("any-task"), null);

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
              .replace("{taskId}", "00000000-0000-0000-0000-000000000000")
              .replace("{stepId}", "approve")
              .replace("{type}", "nobody");
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
