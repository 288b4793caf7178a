package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /ws/analytics} on a node: a snapshot on connect, then the newest aggregates of each
 * campaign a committed projection round changed, narrowed to the campaigns a client names, only
 * ever of the caller's tenant; bad frames answered with {@code error} and bad upgrades refused.
 */
class AnalyticsStreamIT {

  private static final String AT = "2026-05-04T09:00:00Z";

  private static TestNode node;

  private final String tenant = "stream-" + UUID.randomUUID();
  private final String other = "stream-other-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static URI analytics() {
    return node.socket("/ws/analytics");
  }

  /** The next {@code campaign} frame of {@code campaignId}, skipping other campaigns' frames. */
  private static JsonNode nextCampaign(LiveSocket socket, String campaignId) {
    while (true) {
      JsonNode frame = socket.next("campaign", skipped -> false);
      if (frame.path("campaign").path("campaignId").asText().equals(campaignId)) {
        return frame.path("campaign");
      }
    }
  }

  /** The next {@code campaign} frame of {@code campaignId} whose counts show {@code sent}. */
  private static JsonNode campaignWithSent(LiveSocket socket, String campaignId, long sent) {
    while (true) {
      JsonNode campaign = nextCampaign(socket, campaignId);
      if (campaign.path("counts").path("sent").asLong() == sent) {
        return campaign;
      }
      assertThat(campaign.path("counts").path("sent").asLong()).isLessThan(sent);
    }
  }

  @Test
  void sendsASnapshotThenTheNewestAggregatesOfTheCallersCampaignsOnly() {
    String editor = node.token(tenant, Role.EDITOR);
    String stranger = node.token(other, Role.EDITOR);
    try (LiveSocket mine = LiveSocket.open(analytics(), node.token(tenant, Role.VIEWER));
        LiveSocket theirs = LiveSocket.withSubprotocol(analytics(), stranger)) {
      JsonNode snapshot = mine.next();
      assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
      assertThat(snapshot.path("campaigns")).isEmpty();
      assertThat(snapshot.path("campaignIds").isNull()).isTrue();
      assertThat(theirs.next().path("type").asText()).isEqualTo("snapshot");

      // The other tenant's campaign has the same id, and is ingested first.
      new Engagement().send("spring", "b", AT, 3, 3, 0, 0).ingest(node, stranger);
      new Engagement().send("spring", "a", AT, 10, 4, 2, 1).ingest(node, editor);

      JsonNode spring = campaignWithSent(mine, "spring", 10);
      assertThat(spring.path("counts").path("delivered").asLong()).isEqualTo(10);
      assertThat(spring.path("counts").path("uniqueOpens").asLong()).isEqualTo(4);
      assertThat(spring.path("counts").path("uniqueClicks").asLong()).isEqualTo(2);
      assertThat(spring.path("counts").path("bounces").asLong()).isEqualTo(1);
      assertThat(spring.path("rates").path("openRate").asDouble()).isEqualTo(0.4);
      assertThat(campaignWithSent(theirs, "spring", 3).path("counts").path("uniqueOpens").asLong())
          .isEqualTo(3);

      // More events: the same socket gets the campaign's new totals without asking.
      new Engagement().send("spring", "c", AT, 5, 5, 0, 0).ingest(node, editor);
      assertThat(campaignWithSent(mine, "spring", 15).path("counts").path("uniqueOpens").asLong())
          .isEqualTo(9);

      // A new connection's snapshot holds the current aggregates, of this tenant only.
      try (LiveSocket later = LiveSocket.open(analytics(), editor)) {
        JsonNode current = later.next();
        assertThat(current.path("type").asText()).isEqualTo("snapshot");
        assertThat(current.path("campaigns")).hasSize(1);
        assertThat(current.path("campaigns").path(0).path("counts").path("sent").asLong())
            .isEqualTo(15);
      }
    }
  }

  @Test
  void followsOnlyTheCampaignsTheClientNames() {
    String editor = node.token(tenant, Role.EDITOR);
    try (LiveSocket byQuery =
            LiveSocket.open(URI.create(analytics() + "?campaignId=autumn"), editor);
        LiveSocket byFrame = LiveSocket.open(analytics(), editor)) {
      JsonNode snapshot = byQuery.next();
      assertThat(snapshot.path("campaignIds").get(0).asText()).isEqualTo("autumn");
      assertThat(byFrame.next().path("type").asText()).isEqualTo("snapshot");
      byFrame.send(Map.of("type", "subscribe", "campaignIds", new String[] {"autumn"}));
      JsonNode narrowed = byFrame.next("snapshot", skipped -> false);
      assertThat(narrowed.path("campaignIds").get(0).asText()).isEqualTo("autumn");

      // Winter's events commit first; the first change either socket hears of is autumn's.
      new Engagement().send("winter", "w", AT, 4, 1, 0, 0).ingest(node, editor);
      new Engagement().send("autumn", "a", AT, 6, 2, 0, 0).ingest(node, editor);
      for (LiveSocket socket : new LiveSocket[] {byQuery, byFrame}) {
        JsonNode first = socket.next("campaign", skipped -> false).path("campaign");
        assertThat(first.path("campaignId").asText()).isEqualTo("autumn");
      }
    }
  }

  @Test
  void answersBadFramesWithAnErrorAndStaysOpen() {
    try (LiveSocket socket = LiveSocket.open(analytics(), node.token(tenant, Role.VIEWER))) {
      assertThat(socket.next().path("type").asText()).isEqualTo("snapshot");
      socket.send("{not json");
      assertThat(socket.next().path("code").asText()).isEqualTo("invalid-request");
      socket.send(Map.of("type", "subscribe", "campaignIds", new int[] {1, 2}));
      JsonNode error = socket.next();
      assertThat(error.path("type").asText()).isEqualTo("error");
      assertThat(error.path("message").asText()).contains("campaignIds");
      socket.send(Map.of("type", "subscribe", "campaignIds", new String[] {""}));
      assertThat(socket.next().path("code").asText()).isEqualTo("invalid-request");
      socket.send(Map.of("type", "op"));
      assertThat(socket.next().path("message").asText()).contains("unknown frame type 'op'");
      socket.send(Map.of("type", "ping"));
      assertThat(socket.next().path("type").asText()).isEqualTo("pong");
      assertThat(socket.isClosed()).isFalse();
    }
  }

  @Test
  void closesWith4401WhenTheTokenExpires() {
    String shortLived = node.token(tenant, Duration.ofSeconds(2), Role.VIEWER);
    try (LiveSocket socket = LiveSocket.open(analytics(), shortLived)) {
      assertThat(socket.next().path("type").asText()).isEqualTo("snapshot");
      assertThat(socket.closeCode()).isEqualTo(4401);
    }
  }

  @Test
  void refusesAnUpgradeWithoutAValidTokenOrWithABadCampaignId() {
    assertThat(LiveSocket.refusedStatus(analytics(), Map.of())).isEqualTo(401);
    assertThat(
            LiveSocket.refusedStatus(
                URI.create(analytics() + "?campaignId="),
                Map.of("Authorization", "Bearer " + node.token(tenant, Role.VIEWER))))
        .isEqualTo(400);
  }
}
