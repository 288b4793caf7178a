package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.LocalServices;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task flow on the production journal: PostgreSQL at 127.0.0.1:5432, schema created at start.
 */
class PostgresJournalIT {

  private static final Config POSTGRES =
      ConfigFactory.parseMap(
          Map.of(
              "mesh.db.url", LocalServices.POSTGRES_URL,
              "pekko-persistence-jdbc.shared-databases.mesh.db.user", LocalServices.POSTGRES_USER));

  @BeforeAll
  static void requirePostgres() {
    LocalServices.requirePostgres();
  }

  private static long journalRows(String persistenceId) throws SQLException {
    try (Connection connection = LocalServices.postgres();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM event_journal WHERE persistence_id = ?")) {
      query.setString(1, persistenceId);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void runsTasksOnPostgresAndFindsThemAgainAfterARestart() throws SQLException {
    String tenant = "pg-" + UUID.randomUUID().toString().substring(0, 8);
    String taskId;
    String approvalTaskId;
    try (TestNode node = TestNode.start(POSTGRES)) {
      String token = node.token(tenant, Role.EDITOR);
      taskId =
          TestNode.json(
                  node.post(
                      "/tasks", token, RestApiIT.submitBody("\"playbook\": \"email-check\"", "")))
              .path("taskId")
              .asText();
      RestApiIT.awaitTask(node, token, taskId, "COMPLETED");
      approvalTaskId =
          TestNode.json(
                  node.post(
                      "/tasks", token, RestApiIT.submitBody("\"playbook\": \"email-release\"", "")))
              .path("taskId")
              .asText();
      RestApiIT.awaitTask(node, token, approvalTaskId, "AWAITING_APPROVAL");
    }

    assertThat(journalRows("Task|" + tenant + ":" + taskId)).isGreaterThanOrEqualTo(4);

    try (TestNode node = TestNode.start(POSTGRES)) {
      String token = node.token(tenant, Role.EDITOR);
      JsonNode done = TestNode.json(node.get("/tasks/" + taskId, token));
      assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
      var approved =
          node.post(
              "/tasks/" + approvalTaskId + "/approvals/approve",
              token,
              Map.of("decision", "approve"));
      assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
      JsonNode certified = RestApiIT.awaitTask(node, token, approvalTaskId, "COMPLETED");
      assertThat(certified.path("result").path("certify").path("leafIndex").isNumber()).isTrue();
    }
  }

  @Test
  void listsCanvasesByTheirTaggedCreationAndKeepsThemAcrossARestart() throws SQLException {
    String tenant = "pg-" + UUID.randomUUID().toString().substring(0, 8);
    String canvasId;
    try (TestNode node = TestNode.start(POSTGRES)) {
      String token = node.token(tenant, Role.EDITOR);
      canvasId =
          TestNode.json(node.post("/canvases", token, "{\"title\": \"On PostgreSQL\"}"))
              .path("canvasId")
              .asText();
      var applied =
          node.post(
              "/canvases/" + canvasId + "/ops",
              token,
              "{\"baseVersion\": 0, \"ops\": [{\"op\": \"setLayer\", \"layer\": \"trust\","
                  + " \"visible\": false}]}");
      assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    }

    assertThat(tagRows("canvases-" + tenant)).isEqualTo(1);

    try (TestNode node = TestNode.start(POSTGRES)) {
      String token = node.token(tenant, Role.VIEWER);
      JsonNode list = TestNode.json(node.get("/canvases", token));
      assertThat(list.path("canvases").findValuesAsText("canvasId")).containsExactly(canvasId);
      assertThat(list.path("canvases").get(0).path("title").asText()).isEqualTo("On PostgreSQL");
      JsonNode canvas = TestNode.json(node.get("/canvases/" + canvasId, token));
      assertThat(canvas.path("version").asLong()).isEqualTo(1);
      assertThat(canvas.path("layers").path("trust").path("visible").asBoolean()).isFalse();
    }
  }

  private static long tagRows(String tag) throws SQLException {
    try (Connection connection = LocalServices.postgres();
        PreparedStatement query =
            connection.prepareStatement("SELECT count(*) FROM event_tag WHERE tag = ?")) {
      query.setString(1, tag);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }
}
