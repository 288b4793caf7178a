package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents' memory through the REST API of a running node, with its real embedding model: two
 * tenants' memories kept apart, search by meaning with scores, bad input refused without change,
 * memories kept across a restart, and the brand-voice agent learning a tenant's brand in a task.
 */
class AgentMemoryIT {

  private static final String MEMORY = "/agents/brand-voice/memory";

  private static TestNode node;
  private static String acme;
  private static String globex;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    acme = node.token("acme", Role.EDITOR);
    globex = node.token("globex", Role.EDITOR);
    add(acme, "fact", "Beanstalk is a small-batch coffee roaster in Portland, Oregon.", 201);
    add(acme, "preference", "Never write 'act now' or 'limited time only' in our emails.", 201);
    add(
        acme,
        "approved-example",
        "Cold mornings call for something cozy. Our Winter Blend is back with notes of dark"
            + " chocolate and toasted hazelnut. Brew it strong and share it with someone you love.",
        201);
    add(acme, "feedback", "The last subject line was too long to read on a phone.", 201);
    add(globex, "fact", "Globex sells industrial adhesives to factories in Ohio.", 201);
    add(globex, "preference", "Always state prices without VAT.", 201);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode add(String token, String kind, String text, int status) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("kind", kind).put("text", text);
    HttpResponse<String> response = node.post(MEMORY, token, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return TestNode.json(response);
  }

  private static JsonNode search(String token, String query, int k) {
    HttpResponse<String> response =
        node.get(
            MEMORY + "?k=" + k + "&query=" + URLEncoder.encode(query, StandardCharsets.UTF_8),
            token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }

  private static List<String> texts(JsonNode page) {
    List<String> texts = new ArrayList<>();
    page.path("memories").forEach(memory -> texts.add(memory.path("text").asText()));
    return texts;
  }

  private static HttpResponse<String> delete(String path, String token) {
    return node.send(
        HttpRequest.newBuilder(node.api(path))
            .header("Authorization", "Bearer " + token)
            .DELETE()
            .build());
  }

  private static void assertProblem(
      HttpResponse<String> response, int status, String type, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = TestNode.json(response);
    assertThat(problem.path("type").asText()).isEqualTo("urn:maily:problem:" + type);
    if (field != null) {
      assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
    }
  }

  private static JsonNode listing(String token) {
    HttpResponse<String> response = node.get(MEMORY + "?k=50", token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }

  @Test
  void searchAnswersTheTopKByMeaningWithScores() {
    JsonNode page = search(acme, "Where is the roastery?", 2);

    assertThat(page.path("query").asText()).isEqualTo("Where is the roastery?");
    JsonNode memories = page.path("memories");
    assertThat(memories).hasSize(2);
    assertThat(memories.get(0).path("text").asText()).contains("Portland, Oregon");
    assertThat(memories.get(0).path("kind").asText()).isEqualTo("fact");
    assertThat(memories.get(0).path("addedBy").asText()).isEqualTo("user-acme");
    double first = memories.get(0).path("score").asDouble();
    double second = memories.get(1).path("score").asDouble();
    assertThat(first).isGreaterThan(second).isBetween(0.3, 1.0);
    assertThat(texts(search(acme, "words we must never use", 1)))
        .singleElement()
        .asString()
        .contains("act now");
  }

  @Test
  void aTenantNeverSeesAnotherTenantsMemories() {
    assertThat(texts(search(globex, "coffee roaster in Portland", 10)))
        .containsExactlyInAnyOrder(
            "Globex sells industrial adhesives to factories in Ohio.",
            "Always state prices without VAT.");
    assertThat(texts(search(acme, "industrial adhesives in Ohio", 10)))
        .noneMatch(text -> text.contains("Globex") || text.contains("VAT"));
    assertThat(listing(globex).path("counts").path("fact").asInt()).isEqualTo(1);
  }

  @Test
  void addingTheSameMemoryAgainAnswersTheFirstWith200() {
    JsonNode again =
        add(acme, "fact", "  Beanstalk is a small-batch coffee roaster in Portland, Oregon. ", 200);

    assertThat(again.path("created").asBoolean()).isFalse();
    assertThat(again.path("memory").path("id").asText()).startsWith("m-");
    assertThat(listing(acme).path("counts").path("fact").asInt()).isEqualTo(1);
  }

  @Test
  void badInputIsAProblemAndChangesNothing() {
    JsonNode before = listing(acme);
    String viewer = node.token("acme", Role.VIEWER);

    assertProblem(
        node.post(MEMORY, acme, "{\"kind\": \"rumour\", \"text\": \"x\"}"),
        400,
        "invalid-request",
        "kind");
    assertProblem(
        node.post(MEMORY, acme, "{\"kind\": \"fact\", \"text\": \"" + "x".repeat(2001) + "\"}"),
        400,
        "invalid-request",
        "text");
    assertProblem(
        node.post(MEMORY, acme, "{\"kind\": \"fact\", \"text\": \"ok\", \"tags\": []}"),
        400,
        "invalid-request",
        "tags");
    assertProblem(node.post(MEMORY, acme, "{\"kind\": \"fact\"}"), 400, "invalid-request", "text");
    assertProblem(
        node.post(MEMORY, acme, "{\"id\": \"no spaces\", \"kind\": \"fact\", \"text\": \"ok\"}"),
        400,
        "invalid-request",
        "id");
    assertProblem(node.get(MEMORY + "?query=coffee&k=0", acme), 400, "invalid-request", "k");
    assertProblem(node.get(MEMORY + "?kind=rumour", acme), 400, "invalid-request", "kind");
    assertProblem(
        node.post("/agents/nobody/memory", acme, "{\"kind\": \"fact\", \"text\": \"ok\"}"),
        404,
        "not-found",
        null);
    assertProblem(
        node.post(MEMORY, viewer, "{\"kind\": \"fact\", \"text\": \"ok\"}"),
        403,
        "forbidden",
        null);
    assertProblem(delete(MEMORY + "/no-such-memory", acme), 404, "not-found", null);
    HttpResponse<String> anonymous =
        node.send(HttpRequest.newBuilder(node.api(MEMORY)).GET().build());
    assertProblem(anonymous, 401, "unauthorized", null);

    assertThat(listing(acme)).isEqualTo(before);
  }

  @Test
  void forgetsAMemoryOfItsOwnTenantOnly() {
    String id =
        add(acme, "feedback", "Too many exclamation marks.", 201)
            .path("memory")
            .path("id")
            .asText();

    assertProblem(delete(MEMORY + "/" + id, globex), 404, "not-found", null);
    assertThat(delete(MEMORY + "/" + id, acme).statusCode()).isEqualTo(204);
    assertThat(texts(listing(acme))).doesNotContain("Too many exclamation marks.");
  }

  @Test
  void theBrandVoiceAgentScoresATaskAgainstTheTenantsMemory() {
    String plan = "\"plan\": {\"steps\": [{\"id\": \"voice\", \"agent\": \"brand-voice\"}]}";
    String input =
        """
        "input": {"email": {"from": "Beanstalk <hello@beanstalk.coffee>",
          "subject": "Act now: our Winter Blend is back",
          "text": "Hi friend,\\n\\nOur Winter Blend is back, with dark chocolate and toasted \
        hazelnut notes. Brew a big mug this weekend.\\n\\nPursuant to our terms, charges shall be \
        applied in accordance with the schedule.\\n\\nCheers,\\nThe Beanstalk crew"}}""";

    JsonNode acmeVoice = voiceOf(node.post("/tasks", acme, "{" + plan + ", " + input + "}"), acme);
    JsonNode globexVoice =
        voiceOf(node.post("/tasks", globex, "{" + plan + ", " + input + "}"), globex);

    assertThat(acmeVoice.path("basis").asText()).isEqualTo("brand-samples");
    assertThat(acmeVoice.path("samples").asInt()).isEqualTo(2);
    assertThat(acmeVoice.path("bannedPhrases").toString()).contains("act now");
    List<String> codes = acmeVoice.path("flags").findValuesAsText("code");
    assertThat(codes).contains("banned-phrase", "too-formal");
    assertThat(acmeVoice.path("onVoice").asBoolean()).isFalse();
    // Globex has samples of its own (a fact) and bans nothing.
    assertThat(globexVoice.path("samples").asInt()).isEqualTo(1);
    assertThat(globexVoice.path("flags").findValuesAsText("code")).doesNotContain("banned-phrase");
  }

  private static JsonNode voiceOf(HttpResponse<String> submitted, String token) {
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String taskId = TestNode.json(submitted).path("taskId").asText();
    JsonNode task = RestApiIT.awaitTask(node, token, taskId, "COMPLETED");
    return task.path("steps").get(0).path("output");
  }

  @Test
  void memoriesOutliveARestartOfTheNode() {
    String initech = node.token("initech", Role.EDITOR);
    String id =
        add(initech, "fact", "Initech was founded in 1989.", 201)
            .path("memory")
            .path("id")
            .asText();

    node.close();
    node = TestNode.start(ConfigFactory.empty(), node.dataDir);

    JsonNode found = search(initech, "When was the company founded?", 1);
    assertThat(texts(found)).containsExactly("Initech was founded in 1989.");
    assertThat(found.at("/memories/0/id").asText()).isEqualTo(id);
  }
}
