package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.agents.embedding.EmbeddingReadiness;
import ai.maily.mesh.agents.embedding.NodeEmbeddings;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.memory.AgentMemories;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code campaign-draft} playbook end to end on a running node with the local composer and the
 * real embedding model: a brief with a spammy draft goes in through REST; the copy, the three
 * checks and the optimizer's choice come out; a person approves the chosen email, and its
 * certificate verifies.
 */
class CampaignDraftIT {

  /** A promotion brief and the marketer's own draft, which reads like spam. */
  static final String INPUT =
      """
      {"brief": {"goal": "promotion", "tone": "friendly", "industry": "hobbies",
                 "product": "Trailhead 2 hiking boots", "brand": "Acme Outdoor",
                 "audience": "hikers in Colorado",
                 "keyPoints": ["Waterproof Gore-Tex lining", "Free returns for 60 days"],
                 "offer": "20% off", "deadline": "Sunday", "callToAction": "Shop the boots",
                 "url": "https://acme.com/trailhead", "seed": 7, "variants": 5},
       "email": {"from": "Acme Outdoor <news@acme.com>",
                 "subject": "FREE GIFT!!! Act now, 100% FREE boots",
                 "preheader": "Click here to claim your free gift",
                 "text": "Act now! This is a once in a lifetime deal. Click here to claim your 100% free gift, no strings attached. Limited time only!!! https://acme.com/trailhead",
                 "headers": {"List-Unsubscribe": "<https://acme.com/unsubscribe>"}},
       "audience": {"fields": ["first_name"],
                    "segments": [{"name": "hikers", "values": {"first_name": "Dana"}}]},
       "schedule": {"timezone": "America/Denver"}}
      """;

  private static final List<String> STEPS =
      List.of("write", "compliance", "brand-voice", "personalize", "optimize");

  /** The cache namespace of the results of agents that read no memory. */
  private static final String INPUT_ONLY = "agent-results.input-only";

  private static TestNode node;
  private static String admin;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    admin = node.devToken();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static JsonNode awaitStatus(String taskId, String status) {
    return awaitStatus(taskId, status, admin);
  }

  private static JsonNode awaitStatus(String taskId, String status, String token) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> TestNode.json(node.get("/tasks/" + taskId, token)),
            task -> task.path("status").asText().equals(status));
  }

  private static JsonNode output(JsonNode task, String stepId) {
    for (JsonNode step : task.path("steps")) {
      if (step.path("id").asText().equals(stepId)) {
        return step.path("output");
      }
    }
    throw new AssertionError("no step " + stepId + " in " + task);
  }

  private static List<String> ids(JsonNode variants) {
    List<String> ids = new ArrayList<>();
    variants.forEach(v -> ids.add(v.path("id").asText()));
    return ids;
  }

  @Test
  void isReadyOnlyWithTheEmbeddingModelWarm() {
    assertThat(
            node.node()
                .system()
                .settings()
                .config()
                .getString("pekko.management.health-checks.readiness-checks.mesh-embeddings"))
        .isEqualTo(EmbeddingReadiness.class.getName());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                node.send(HttpRequest.newBuilder(node.management("/health/ready")).build())
                    .statusCode(),
            status -> status == 200);

    assertThat(NodeEmbeddings.get(node.node().system()).isReady()).isTrue();
  }

  @Test
  void aSecondCheckOfTheSameEmailIsAnsweredFromTheCacheAndNeverAnotherTenants() {
    String tenant = "cache-" + UUID.randomUUID();
    String token = node.token(tenant, Role.ADMIN);
    String check = "{\"playbook\": \"email-check\", \"input\": " + INPUT + "}";
    JsonNode start = results(INPUT_ONLY);

    JsonNode first = awaitStatus(submit(token, check), "COMPLETED", token);
    JsonNode afterFirst = results(INPUT_ONLY);
    JsonNode second = awaitStatus(submit(token, check), "COMPLETED", token);
    JsonNode afterSecond = results(INPUT_ONLY);
    String other = node.token("cache-" + UUID.randomUUID(), Role.ADMIN);
    awaitStatus(submit(other, check), "COMPLETED", other);
    JsonNode afterOther = results(INPUT_ONLY);

    // compliance opted in (personalizer did not): a miss and a put, then a hit and nothing stored.
    assertThat(delta(start, afterFirst, "misses")).isOne();
    assertThat(delta(start, afterFirst, "puts")).isOne();
    assertThat(delta(afterFirst, afterSecond, "hits")).isOne();
    assertThat(delta(afterFirst, afterSecond, "puts")).isZero();
    assertThat(output(second, "compliance")).isEqualTo(output(first, "compliance"));
    // The same email for another tenant is computed again.
    assertThat(delta(afterSecond, afterOther, "hits")).isZero();
    assertThat(delta(afterSecond, afterOther, "misses")).isOne();
  }

  @Test
  void theChecksScoreEveryVariantAndTheOptimizerWeighsBoth() {
    String tenant = "voice-" + UUID.randomUUID();
    String token = node.token(tenant, Role.ADMIN);
    String draft = "{\"playbook\": \"campaign-draft\", \"input\": " + INPUT + "}";

    JsonNode before = awaitStatus(submit(token, draft), "AWAITING_APPROVAL", token);

    JsonNode copy = output(before, "write");
    JsonNode compliance = output(before, "compliance");
    Map<String, Boolean> passed = new HashMap<>();
    compliance
        .path("variants")
        .forEach(v -> passed.put(v.path("id").asText(), v.path("passed").asBoolean()));
    assertThat(passed).containsKeys(ids(copy.path("subjects")).toArray(String[]::new));
    assertThat(passed).containsKeys(ids(copy.path("bodies")).toArray(String[]::new));
    assertThat(passed).containsEntry("s-draft", false).containsEntry("b-draft", false);
    // The draft's own findings stay visible beside the variants'.
    assertThat(compliance.path("passed").asBoolean()).isFalse();
    assertThat(compliance.path("findings").findValuesAsText("rule")).contains("spam-phrases");
    assertThat(ids(output(before, "brand-voice").path("variants")))
        .containsAll(ids(copy.path("subjects")));

    JsonNode optimize = output(before, "optimize");
    String chosen = optimize.at("/subject/id").asText();
    assertThat(passed).containsEntry(chosen, true);
    for (JsonNode ranked : optimize.path("subjects")) {
      if (!passed.get(ranked.path("id").asText())) {
        assertThat(ranked.path("flagged").asBoolean()).as(ranked.toString()).isTrue();
      }
    }

    // The tenant teaches brand-voice its brand, and bans a word only the chosen subject uses.
    String banned = wordOnlyIn(chosen, copy.path("subjects"));
    for (String sample : BRAND_SAMPLES) {
      remember(token, "approved-example", sample);
    }
    remember(token, "preference", "Never write '" + banned + "' in our emails.");
    String memoryReaders = AgentMemories.resultsScope(tenant).namespace();
    JsonNode agentResults = results(memoryReaders);
    JsonNode inputOnly = results(INPUT_ONLY);

    JsonNode after = awaitStatus(submit(token, draft), "AWAITING_APPROVAL", token);

    // The copy is the cached one; brand-voice, which reads the memory, ran again.
    assertThat(output(after, "write")).isEqualTo(copy);
    assertThat(delta(inputOnly, results(INPUT_ONLY), "hits")).isGreaterThanOrEqualTo(1);
    assertThat(delta(agentResults, results(memoryReaders), "misses")).isOne();
    JsonNode voice = output(after, "brand-voice");
    assertThat(voice.path("samples").asInt()).isEqualTo(BRAND_SAMPLES.size());
    JsonNode offVoice = variant(voice.path("variants"), chosen);
    assertThat(offVoice.path("onVoice").asBoolean()).isFalse();
    assertThat(offVoice.path("reasons").toString()).contains("banned-phrase");

    JsonNode reoptimized = output(after, "optimize");
    String now = reoptimized.at("/subject/id").asText();
    assertThat(now).isNotEqualTo(chosen);
    assertThat(passed).containsEntry(now, true);
    JsonNode winner = variant(reoptimized.path("subjects"), now);
    JsonNode loser = variant(reoptimized.path("subjects"), chosen);
    assertThat(winner.at("/voice/factor").asDouble())
        .isGreaterThan(loser.at("/voice/factor").asDouble());
    assertThat(ids(reoptimized.path("subjects")).indexOf(now))
        .isLessThan(ids(reoptimized.path("subjects")).indexOf(chosen));
  }

  /** Samples of the brand's voice: plain, outdoorsy, friendly. */
  private static final List<String> BRAND_SAMPLES =
      List.of(
          "Our Trailhead boots are built for long days on Colorado trails.",
          "Lace up, head out, and let the mountains do the talking.",
          "Every pair is tested by our own guides before it reaches you.",
          "Hiking season is here, and your feet deserve a good pair of boots.");

  private static String submit(String token, String body) {
    var submitted = node.post("/tasks", token, body);
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    return TestNode.json(submitted).path("taskId").asText();
  }

  private static void remember(String token, String kind, String text) {
    ObjectNode memory = JsonNodeFactory.instance.objectNode().put("kind", kind).put("text", text);
    var added = node.post("/agents/brand-voice/memory", token, memory);
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
  }

  /** The node's counters of the cache namespace {@code namespace}. */
  private static JsonNode results(String namespace) {
    return TestNode.json(node.get("/cache", admin)).path("namespaces").path(namespace);
  }

  private static long delta(JsonNode before, JsonNode after, String counter) {
    return after.path(counter).asLong() - before.path(counter).asLong();
  }

  private static JsonNode variant(JsonNode variants, String id) {
    for (JsonNode variant : variants) {
      if (variant.path("id").asText().equals(id)) {
        return variant;
      }
    }
    throw new AssertionError("no variant " + id + " in " + variants);
  }

  /** A word of five letters or more of subject {@code id} that no other subject uses. */
  private static String wordOnlyIn(String id, JsonNode subjects) {
    String text = variant(subjects, id).path("text").asText();
    StringBuilder others = new StringBuilder();
    subjects.forEach(
        s -> {
          if (!s.path("id").asText().equals(id)) {
            others.append(' ').append(s.path("text").asText().toLowerCase(Locale.ROOT));
          }
        });
    for (String word : text.replaceAll("\\{\\{[^}]*}}", " ").split("[^\\p{L}]+")) {
      String lower = word.toLowerCase(Locale.ROOT);
      if (lower.length() >= 5 && !others.toString().matches("(?s).*\\b" + lower + "\\b.*")) {
        return lower;
      }
    }
    throw new AssertionError("subject " + id + " has no word of its own: " + subjects);
  }

  @Test
  void listsThePlaybookWithItsPlan() {
    JsonNode playbooks = TestNode.json(node.get("/playbooks", admin)).path("playbooks");
    JsonNode draft = null;
    for (JsonNode playbook : playbooks) {
      if (playbook.path("name").asText().equals("campaign-draft")) {
        draft = playbook;
      }
    }
    assertThat(draft).as(playbooks.toString()).isNotNull();
    JsonNode steps = draft.at("/plan/steps");
    assertThat(ids(steps))
        .containsExactly(
            "write",
            "compliance",
            "brand-voice",
            "personalize",
            "optimize",
            "approve",
            "certify",
            "learn");
    assertThat(steps.get(4).path("dependsOn").toString())
        .contains("write", "compliance", "brand-voice", "personalize");
    assertThat(steps.get(5).path("kind").asText()).isEqualToIgnoringCase("approval");
  }

  @Test
  void draftsChoosesAndCertifiesTheApprovedEmail() throws Exception {
    var submitted =
        node.post("/tasks", admin, "{\"playbook\": \"campaign-draft\", \"input\": " + INPUT + "}");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    String taskId = TestNode.json(submitted).path("taskId").asText();

    JsonNode task = awaitStatus(taskId, "AWAITING_APPROVAL");
    for (String step : STEPS) {
      assertThat(output(task, step).isObject()).as("output of " + step).isTrue();
    }

    JsonNode copy = output(task, "write");
    assertThat(copy.path("generator").asText()).isEqualTo("local");
    List<String> written =
        ids(copy.path("subjects")).stream().filter(id -> !id.equals("s-draft")).toList();
    assertThat(written).hasSizeGreaterThanOrEqualTo(3);
    copy.path("subjects").forEach(s -> assertThat(s.path("score").asDouble()).isBetween(0.0, 1.0));
    JsonNode draftSubject = copy.path("subjects").get(copy.path("subjects").size() - 1);
    assertThat(draftSubject.path("id").asText()).isEqualTo("s-draft");
    assertThat(draftSubject.path("flags")).isNotEmpty();

    JsonNode compliance = output(task, "compliance");
    assertThat(compliance.path("score").asDouble()).isBetween(0.0, 10.0);
    assertThat(compliance.path("passed").asBoolean()).isFalse();
    assertThat(compliance.path("findings").findValuesAsText("rule")).contains("spam-phrases");
    assertThat(compliance.at("/spam/probability").asDouble()).isBetween(0.5, 1.0);

    assertThat(output(task, "brand-voice").path("score").asDouble()).isBetween(0.0, 100.0);
    assertThat(output(task, "personalize").path("variants")).isNotEmpty();

    JsonNode optimize = output(task, "optimize");
    String chosen = optimize.at("/subject/id").asText();
    assertThat(written).contains(chosen);
    for (JsonNode ranked : optimize.path("subjects")) {
      if (ranked.path("id").asText().equals("s-draft")) {
        assertThat(ranked.path("flagged").asBoolean()).isTrue();
      }
    }
    assertThat(optimize.at("/subject/reasons").toString()).contains("passed over s-draft");
    JsonNode open = optimize.at("/expected/open");
    assertThat(open.path("expected").asDouble())
        .isBetween(open.path("low").asDouble(), open.path("high").asDouble());
    assertThat(open.path("low").asDouble()).isGreaterThan(0.0);
    assertThat(open.path("high").asDouble()).isLessThan(1.0);
    // What the approver sees, and what will be certified: the chosen content as an email.
    JsonNode email = optimize.path("email");
    assertThat(email.path("from").asText()).isEqualTo("Acme Outdoor <news@acme.com>");
    assertThat(email.path("subject").asText()).isEqualTo(optimize.at("/subject/text").asText());
    assertThat(email.path("text").asText()).doesNotContainIgnoringCase("act now");

    var approved =
        node.post(
            "/tasks/" + taskId + "/approvals/approve",
            admin,
            Map.of("decision", "approve", "comment", "ship it"));
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode done = awaitStatus(taskId, "COMPLETED");
    JsonNode certified = output(done, "certify");
    assertThat(certified.path("certificateId").asText()).isNotBlank();

    JsonNode report = verify(email, certified.path("certificate"));
    assertThat(report.path("verdict").asText()).as(report.toString()).isEqualTo("VERIFIED");
    assertThat(report.path("checks")).isNotEmpty();
    report
        .path("checks")
        .forEach(c -> assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("PASS"));

    ObjectNode draft = (ObjectNode) Json.MAPPER.readTree(INPUT).path("email");
    JsonNode ofDraft = verify(draft, certified.path("certificate"));
    assertThat(ofDraft.path("verdict").asText()).as(ofDraft.toString()).isNotEqualTo("VERIFIED");

    // brand-voice learnt the approved email: the next checks compare with it.
    JsonNode learnt = output(done, "learn");
    assertThat(learnt.path("agent").asText()).isEqualTo("brand-voice");
    JsonNode examples =
        TestNode.json(node.get("/agents/brand-voice/memory?kind=approved-example&k=50", admin));
    List<String> texts = new ArrayList<>();
    examples.path("memories").forEach(memory -> texts.add(memory.path("text").asText()));
    assertThat(texts)
        .anySatisfy(text -> assertThat(text).startsWith(email.path("subject").asText()));
  }

  private static JsonNode verify(JsonNode email, JsonNode certificate) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("email", email);
    body.set("certificate", certificate);
    var response = node.post("/verify", admin, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestNode.json(response);
  }
}
