package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one cluster, sharing one journal: work spreads over both, every message that crosses
 * between them survives serialization, when one node leaves, its tasks move to the other and finish
 * there, and people on one canvas through different nodes see each other and each other's edits.
 */
class ClusterIT {

  private final List<TestNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(TestNode::close);
  }

  private static long upMembers(TestNode node) {
    return StreamSupport.stream(
            Cluster.get(node.node().system()).state().getMembers().spliterator(), false)
        .filter(m -> m.status() == MemberStatus.up())
        .count();
  }

  private static int taskShards(TestNode node) {
    JsonNode shards =
        TestNode.json(
            node.send(HttpRequest.newBuilder(node.management("/cluster/shards/Task")).build()));
    return shards.path("regions").size();
  }

  private TestNode[] twoNodes() {
    TestNode first = TestNode.start();
    nodes.add(first);
    String seed = Cluster.get(first.node().system()).selfMember().address().toString();
    TestNode second =
        TestNode.start(
            ConfigFactory.parseMap(Map.of("mesh.cluster.seed-nodes", seed)), first.dataDir);
    nodes.add(second);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> upMembers(first) == 2 && upMembers(second) == 2);
    return new TestNode[] {first, second};
  }

  /** Reads frames until a presence frame names exactly {@code subjects}. */
  private static void awaitPresence(LiveSocket socket, String... subjects) {
    while (true) {
      JsonNode presence = socket.next("presence", frame -> true);
      if (presence.path("users").findValuesAsText("subject").stream()
          .sorted()
          .toList()
          .equals(Stream.of(subjects).sorted().toList())) {
        return;
      }
    }
  }

  @Test
  void peopleOnOneCanvasThroughTwoNodesSeeEachOtherAndEachOthersEdits() {
    TestNode[] cluster = twoNodes();
    String admin = cluster[0].devToken();
    var created = cluster[0].post("/canvases", admin, Map.of("title", "Two nodes"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String canvasId = TestNode.json(created).path("canvasId").asText();

    try (LiveSocket alice = LiveSocket.open(cluster[0].socket("/ws/canvas/" + canvasId), admin)) {
      alice.send(Map.of("type", "subscribe"));
      String editor = cluster[0].token("dev", Role.EDITOR);
      try (LiveSocket bob = LiveSocket.open(cluster[1].socket("/ws/canvas/" + canvasId), editor)) {
        bob.send(Map.of("type", "subscribe"));
        awaitPresence(alice, "dev-user", "user-dev");
        awaitPresence(bob, "dev-user", "user-dev");

        bob.send(
            Map.of(
                "type",
                "op",
                "id",
                "o1",
                "baseVersion",
                0,
                "ops",
                List.of(LiveStreamsIT.textBlock("b1", "from the second node"))));
        JsonNode event = alice.next("event", frame -> true);
        assertThat(event.path("seq").asLong()).isEqualTo(2);
        assertThat(event.path("event").path("type").asText()).isEqualTo("OpsApplied");
      }
      awaitPresence(alice, "dev-user");
    }
  }

  @Test
  void twoNodesShareTheWorkAndOneTakesOverWhenTheOtherLeaves() {
    TestNode[] cluster = twoNodes();
    TestNode first = cluster[0];
    TestNode second = cluster[1];

    String token = first.devToken();
    List<String> parked = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      TestNode entry = i % 2 == 0 ? first : second;
      var submitted =
          entry.post("/tasks", token, RestApiIT.submitBody("\"playbook\": \"email-release\"", ""));
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
      parked.add(TestNode.json(submitted).path("taskId").asText());
    }
    for (String taskId : parked) {
      RestApiIT.awaitTask(first, token, taskId, "AWAITING_APPROVAL");
    }
    assertThat(taskShards(first)).as("task shards on the first node").isPositive();
    assertThat(taskShards(second)).as("task shards on the second node").isPositive();

    second.close();
    nodes.remove(second);
    await().atMost(Duration.ofSeconds(30)).until(() -> upMembers(first) == 1);

    for (String taskId : parked) {
      var approved =
          first.post(
              "/tasks/" + taskId + "/approvals/approve", token, Map.of("decision", "approve"));
      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
    }
    for (String taskId : parked) {
      JsonNode done = RestApiIT.awaitTask(first, token, taskId, "COMPLETED");
      assertThat(done.path("result").path("certify").path("certificateId").asText()).isNotBlank();
    }
  }
}
