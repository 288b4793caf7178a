package ai.maily.mesh.node;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analytics dashboard in Chromium against a running node: the funnel shows what was ingested,
 * the heatmap's hottest hour, the rates chart with its anomaly and the recommendations render, the
 * page follows new events live without a reload, and another tenant's campaign never shows.
 */
class AnalyticsDashboardIT {

  /** Tuesday 09:15 UTC: hour of week 33. */
  private static final String TUESDAY = "2026-03-03T09:15:00Z";

  private static TestNode node;
  private static Chromium chromium;

  private final String tenant = "dashboard-" + UUID.randomUUID();
  private final String other = "dashboard-other-" + UUID.randomUUID();

  @BeforeAll
  static void start() {
    chromium = Chromium.launch();
    node = TestNode.start();
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (chromium != null) {
      chromium.close();
    }
  }

  /**
   * Summer: 120 contacts an hour on Monday 6 April 00:00-10:00 UTC, 10 of them opening (60 at
   * 03:00), 5 clicking, 2 bouncing, until 36 bounce at 10:00.
   */
  private static Engagement summer() {
    Engagement summer = new Engagement();
    for (int hour = 0; hour <= 10; hour++) {
      summer.send(
          "summer",
          "s" + hour + "-",
          String.format("2026-04-06T%02d:10:00Z", hour),
          120,
          hour == 3 ? 60 : 10,
          5,
          hour == 10 ? 36 : 2);
    }
    return summer;
  }

  @Test
  void showsTheTenantsCampaignsAndFollowsThemLive() throws IOException {
    String editor = node.token(tenant, Role.EDITOR);
    String stranger = node.token(other, Role.EDITOR);
    new Engagement().send("spring", "p", TUESDAY, 40, 30, 10, 2).ingest(node, editor);
    summer().ingest(node, editor);
    new Engagement().send("rival", "r", TUESDAY, 5, 5, 5, 0).ingest(node, stranger);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode list = TestNode.json(node.get("/analytics/campaigns", editor));
              return list.path("campaigns").size() == 2
                  && list.findValues("sent").stream().mapToLong(JsonNode::asLong).sum() == 1360;
            });

    try (BrowserContext session = chromium.session(node)) {
      CanvasPage dashboard = new CanvasPage(session).signIn(node.token(tenant, Role.VIEWER), "/");
      dashboard
          .page
          .getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Analytics"))
          .click();
      assertThat(dashboard.page.locator(".connection")).hasAttribute("data-state", "live");
      Locator campaigns = dashboard.page.locator(".campaign-item");
      assertThat(campaigns).hasCount(2);
      // The most recent campaign first, chosen on arrival.
      assertThat(campaigns.first()).hasAttribute("data-campaign-id", "summer");
      assertThat(campaigns.first()).hasAttribute("aria-current", "true");

      assertThat(funnelCount(dashboard, "sent")).hasAttribute("data-count", "1320");
      assertThat(funnelCount(dashboard, "delivered")).hasAttribute("data-count", "1320");
      assertThat(funnelCount(dashboard, "opened")).hasAttribute("data-count", "160");
      assertThat(funnelCount(dashboard, "clicked")).hasAttribute("data-count", "55");
      assertThat(dashboard.page.locator(".funnel-step[data-step='opened'] .funnel-rate"))
          .hasText("12.1%");
      assertThat(dashboard.page.locator(".heat-hottest")).hasAttribute("data-hour", "3");
      assertThat(dashboard.page.locator(".heatmap caption")).containsText("Mon 03:00");
      assertThat(dashboard.page.locator(".panel-rates polyline")).hasCount(3);
      assertThat(dashboard.page.locator(".chart-anomaly[data-metric='bounce-rate']")).hasCount(1);
      assertThat(dashboard.page.locator(".anomaly")).hasCount(1);
      assertThat(dashboard.page.locator(".advice[data-code='bounce-rate-anomaly']")).isVisible();
      assertThat(dashboard.page.locator(".advice meter").first()).isVisible();
      dashboard.screenshot("analytics-dashboard");

      dashboard.page.locator(".campaign-item[data-campaign-id='spring']").click();
      assertThat(funnelCount(dashboard, "sent")).hasAttribute("data-count", "40");
      assertThat(funnelCount(dashboard, "opened")).hasAttribute("data-count", "30");
      assertThat(dashboard.page.locator(".heat-hottest")).hasAttribute("data-hour", "33");
      assertThat(dashboard.page.locator(".panel-recommendations .panel-unavailable")).hasCount(0);

      // New events reach the open page over /ws/analytics: no reload, the same document.
      dashboard.page.evaluate("window.loadedOnce = true");
      new Engagement().send("spring", "q", TUESDAY, 10, 10, 0, 0).ingest(node, editor);
      new Engagement().send("autumn", "a", TUESDAY, 7, 1, 0, 0).ingest(node, editor);
      new Engagement().send("rival", "x", TUESDAY, 9, 0, 0, 0).ingest(node, stranger);
      assertThat(funnelCount(dashboard, "sent")).hasAttribute("data-count", "50");
      assertThat(funnelCount(dashboard, "opened")).hasAttribute("data-count", "40");
      assertThat(dashboard.page.locator(".campaign-item[data-campaign-id='autumn']")).isVisible();
      Assertions.assertThat(dashboard.page.evaluate("window.loadedOnce")).isEqualTo(true);
      assertThat(dashboard.page.locator(".campaign-item[data-campaign-id='rival']")).hasCount(0);
      assertThat(campaigns).hasCount(3);
      Assertions.assertThat(dashboard.errors()).as("console errors").isEmpty();
    }
  }

  private static Locator funnelCount(CanvasPage page, String step) {
    return page.page.locator(".funnel-step[data-step='" + step + "'] .funnel-count");
  }
}
