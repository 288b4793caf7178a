package ai.maily.mesh.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Kills the node's process with SIGKILL in the middle of tasks, starts a new process on the same
 * journal, and sees every acknowledged task finish with each step's work done exactly once.
 */
class CrashRecoveryIT {

  private final HttpClient http = HttpClient.newHttpClient();
  private Path dataDir;
  private NodeProcess node;

  @BeforeEach
  void dataDir() throws IOException {
    dataDir = Files.createTempDirectory("mesh-crash");
  }

  @AfterEach
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private void startNode() throws IOException {
    node = NodeProcess.start(dataDir);
  }

  private void killNode() throws InterruptedException {
    assertThat(node.kill()).isEqualTo(137);
  }

  private String token() {
    return DevCredentials.loadOrCreate(dataDir)
        .mint("ops", "dev", Set.of(Role.ADMIN), Duration.ofMinutes(30));
  }

  private HttpResponse<String> send(HttpRequest request) {
    return TestNode.send(http, request);
  }

  private JsonNode get(String path) {
    return TestNode.json(
        send(
            HttpRequest.newBuilder(node.api(path))
                .header("Authorization", "Bearer " + token())
                .build()));
  }

  private HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(node.api(path))
            .header("Authorization", "Bearer " + token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private JsonNode awaitStatus(String taskId, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/tasks/" + taskId), task -> task.path("status").asText().equals(status));
  }

  private long processed(String agent) {
    return get("/agents/" + agent).path("processed").asLong();
  }

  @Test
  void aTaskParkedAtAnApprovalSurvivesKillMinus9AndEachStepRunsOnce() throws Exception {
    startNode();
    String plan =
        """
        "plan": {"steps": [
          {"id": "check", "agent": "compliance"},
          {"id": "approve", "kind": "approval", "dependsOn": ["check"]},
          {"id": "personalize", "agent": "personalizer", "dependsOn": ["approve"]}]}""";
    var submitted = post("/tasks", RestApiIT.submitBody(plan, ""));
    assertThat(submitted.statusCode()).isEqualTo(202);
    String taskId = TestNode.json(submitted).path("taskId").asText();
    awaitStatus(taskId, "AWAITING_APPROVAL");

    killNode();
    startNode();

    JsonNode parked = get("/tasks/" + taskId);
    assertThat(parked.path("status").asText()).isEqualTo("AWAITING_APPROVAL");
    var approved = post("/tasks/" + taskId + "/approvals/approve", "{\"decision\": \"approve\"}");
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    JsonNode done = awaitStatus(taskId, "COMPLETED");
    for (JsonNode step : done.path("steps")) {
      assertThat(step.path("attempts").asInt()).as(step.toString()).isEqualTo(1);
    }
    assertThat(processed("compliance")).isEqualTo(1);
    assertThat(processed("personalizer")).isEqualTo(1);
  }

  @Test
  void tasksInFlightWhenTheProcessIsKilledResumeOnTheirOwnAndCompleteOnce() throws Exception {
    startNode();
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      var submitted = post("/tasks", RestApiIT.submitBody("\"playbook\": \"email-check\"", ""));
      assertThat(submitted.statusCode()).isEqualTo(202);
      acknowledged.add(TestNode.json(submitted).path("taskId").asText());
    }

    killNode();
    startNode();

    // Only the agents are asked: the tasks must resume without anyone touching them.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> processed("compliance") == 20 && processed("personalizer") == 20);
    for (String taskId : acknowledged) {
      JsonNode task = awaitStatus(taskId, "COMPLETED");
      assertThat(task.path("steps").findValues("status"))
          .allSatisfy(s -> assertThat(s.asText()).isEqualTo("SUCCEEDED"));
    }
    assertThat(processed("compliance")).isEqualTo(20);
    assertThat(processed("personalizer")).isEqualTo(20);
  }
}
