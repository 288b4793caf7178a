package ai.maily.mesh.node;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.maily.mesh.canvas.LayerName;
import ai.maily.mesh.canvas.live.CanvasLayers;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.edge.auth.DevCredentials;
import ai.maily.mesh.edge.auth.Role;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocketRoute;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canvas web UI in Chromium against a running node: signing in and editing, two people on one
 * canvas, an agent at work on a block, and a connection that breaks while others edit.
 */
class CanvasUiIT {

  /** The close code of a connection the test cuts: none the server uses, so the page retries. */
  private static final int CUT = 3000;

  private static TestNode node;
  private static Chromium chromium;
  private final List<BrowserContext> sessions = new ArrayList<>();
  private final List<CanvasPage> pages = new ArrayList<>();

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

  @BeforeEach
  void clearSessions() {
    sessions.clear();
    pages.clear();
  }

  @AfterEach
  void closeSessions() {
    sessions.forEach(BrowserContext::close);
  }

  /** A browser session of its own; its page's console must stay free of errors. */
  private CanvasPage open() {
    BrowserContext session = chromium.session(node);
    sessions.add(session);
    CanvasPage page = new CanvasPage(session);
    pages.add(page);
    return page;
  }

  private static String editor(String subject) {
    return DevCredentials.loadOrCreate(node.dataDir)
        .mint(subject, "dev", Set.of(Role.EDITOR), Duration.ofMinutes(30));
  }

  private void assertNoConsoleErrors() {
    for (CanvasPage page : pages) {
      Assertions.assertThat(page.errors()).as("console errors").isEmpty();
    }
  }

  @Test
  void signsInCreatesACanvasAndEditsItsBlocks() {
    CanvasPage ana = open().signIn(node.devToken(), "/");
    String canvasId = ana.createCanvas("Spring sale");

    String subject = ana.addBlock("subject");
    ana.editText(subject, "Spring is here, {{ first_name | default: 'friend' }}");
    String heading = ana.addBlock("heading");
    ana.editText(heading, "Fresh gear for the trail");
    String text = ana.addBlock("text");
    ana.addBlock("button");
    ana.addBlock("divider");
    ana.block(text).focus();
    ana.page.keyboard().press("Delete");
    assertThat(ana.blocks()).hasCount(4);
    ana.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Undo")).click();
    assertThat(ana.block(text)).isVisible();
    ana.page.locator("#layer-trust").uncheck();
    ana.page.keyboard().press("+");
    assertThat(ana.page.locator(".zoom-label")).hasText("110%");

    ana.page.reload();
    ana.awaitLive();
    assertThat(ana.blocks()).hasCount(5);
    assertThat(ana.block(heading).locator(".block-text")).hasText("Fresh gear for the trail");
    assertThat(ana.page.locator("#layer-trust")).not().isChecked();
    ana.page.navigate("/");
    assertThat(ana.page.locator(".canvas-card[href='#/canvas/" + canvasId + "']")).isVisible();
    ana.page.navigate("/#/canvas/" + canvasId);
    ana.awaitLive();
    ana.screenshot("canvas-editor");
    assertNoConsoleErrors();
  }

  @Test
  void twoSessionsSeeEachOthersEditsAndCursors() {
    CanvasPage alice = open().signIn(editor("alice"), "/");
    String canvasId = alice.createCanvas("Summer launch");
    CanvasPage bob = open().signIn(editor("bob"), "/#/canvas/" + canvasId);
    bob.awaitLive();

    assertThat(alice.page.locator(".presence [data-subject='bob']")).isVisible();
    assertThat(bob.page.locator(".presence [data-subject='alice']")).isVisible();

    String heading = alice.addBlock("heading");
    alice.editText(heading, "Hello from Alice");
    assertThat(bob.block(heading).locator(".block-text")).hasText("Hello from Alice");

    bob.drag(heading, 160, 90);
    String left = bob.block(heading).evaluate("block => block.style.left").toString();
    String top = bob.block(heading).evaluate("block => block.style.top").toString();
    assertThat(alice.block(heading)).hasCSS("left", left);
    assertThat(alice.block(heading)).hasCSS("top", top);
    bob.editText(heading, "Hello from Bob");
    assertThat(alice.block(heading).locator(".block-text")).hasText("Hello from Bob");

    var box = bob.page.locator(".viewport").boundingBox();
    bob.page.mouse().move(box.x + 400, box.y + 400);
    bob.page.mouse().move(box.x + 420, box.y + 380);
    Locator cursor = alice.page.locator(".remote-cursor[data-subject='bob']");
    assertThat(cursor).isVisible();
    assertThat(cursor).hasText("bob");

    String button = bob.addBlock("button");
    assertThat(alice.block(button)).isVisible();
    alice.block(button).focus();
    alice.page.keyboard().press("Delete");
    assertThat(bob.block(button)).hasCount(0);
    alice.screenshot("canvas-two-sessions");
    assertNoConsoleErrors();
  }

  @Test
  void aViewerWatchesEditsLiveButIsOfferedNoWayToMakeThem() {
    CanvasPage alice = open().signIn(editor("alice"), "/");
    String canvasId = alice.createCanvas("Read only");
    String viewerToken =
        DevCredentials.loadOrCreate(node.dataDir)
            .mint("victor", "dev", Set.of(Role.VIEWER), Duration.ofMinutes(30));
    CanvasPage victor = open().signIn(viewerToken, "/#/canvas/" + canvasId);
    victor.awaitLive();

    String heading = alice.addBlock("heading");
    alice.editText(heading, "Only Alice writes here");

    assertThat(victor.block(heading).locator(".block-text")).hasText("Only Alice writes here");
    assertThat(victor.page.locator(".palette-item").first()).isDisabled();
    assertThat(victor.page.locator("#layer-trust")).isDisabled();
    victor.block(heading).dblclick();
    assertThat(victor.block(heading).locator("[contenteditable='plaintext-only']")).hasCount(0);
    assertThat(victor.page.locator(".ask-form")).hasCount(0);
    assertThat(victor.page.locator(".whoami")).containsText("viewer");
    victor.awaitLive();
    assertNoConsoleErrors();
  }

  @Test
  void showsAnAgentsProgressLiveAfterAsk() {
    CanvasPage ana = open().signIn(node.devToken(), "/");
    ana.createCanvas("Agent review");
    String subject = ana.addBlock("subject");
    ana.editText(subject, "Last chance: 50% off everything");
    String text = ana.addBlock("text");
    ana.editText(text, "Shop our biggest sale of the year.");

    ana.page.locator("#ask-target").selectOption("agent:compliance");
    ana.page.locator(".ask-form button[type='submit']").click();

    Locator badge = ana.block(text).locator(".layer-aiReasoning");
    assertThat(badge).hasText(Pattern.compile("\\d+(\\.\\d)?/10 · \\d+ findings?"));
    Locator card = ana.page.locator(".inspector-reasoning .task-card");
    assertThat(card).hasAttribute("data-status", "COMPLETED");
    assertThat(card.locator(".finding").first()).isVisible();
    ana.showTab("Timeline");
    Locator entries = ana.page.locator(".timeline-entry .timeline-text");
    assertThat(entries.first()).hasText("Task completed");
    assertThat(ana.page.locator(".timeline-entry.kind-started")).hasCount(1);
    ana.showTab("Mesh");
    assertThat(ana.page.locator(".mesh-graph [data-agent='compliance']")).isVisible();
    assertThat(ana.page.locator(".mesh-table tr[data-agent='compliance'] .agent-done"))
        .not()
        .hasText("0");

    ana.block(text).click();
    ana.showTab("Block");
    ana.page.locator("#ask-target").selectOption("playbook:email-release");
    ana.page.locator(".ask-form button[type='submit']").click();
    ana.showTab("Timeline");
    Locator approval = ana.page.locator(".approval-card[data-step-id='approve']");
    approval.locator(".approval-comment").fill("Looks good");
    approval.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
    assertThat(ana.page.locator(".timeline-entry.kind-approved .timeline-text"))
        .hasText(Pattern.compile("approved approve: “Looks good”"));
    assertThat(ana.page.locator(".timeline-entry.kind-finished").first()).isVisible();
    ana.screenshot("canvas-agent-review");
    assertNoConsoleErrors();
  }

  @Test
  void showsPerformanceAndTrustDataOnTheirLayersAsEveryoneSetsThem() {
    CanvasPage alice = open().signIn(editor("alice"), "/");
    String canvasId = alice.createCanvas("Layered");
    CanvasPage bob = open().signIn(editor("bob"), "/#/canvas/" + canvasId);
    bob.awaitLive();
    String button = alice.addBlock("button");
    CanvasLayers layers = new CanvasLayers(node.node().system());
    Locator performance = bob.block(button).locator(".layer-performance");
    Locator trust = bob.block(button).locator(".layer-trust");

    // Layer data is ephemeral and republished by its source: publish until the page shows it.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              layers.publish(
                  "dev",
                  canvasId,
                  LayerName.PERFORMANCE,
                  button,
                  Json.MAPPER.createObjectNode().put("label", "42% predicted opens"));
              layers.publish(
                  "dev",
                  canvasId,
                  LayerName.TRUST,
                  button,
                  Json.MAPPER.createObjectNode().put("status", "certified"));
              return trust.count() == 1 && performance.count() == 1;
            });
    assertThat(performance).hasText("42% predicted opens");
    assertThat(trust).hasText("certified");

    alice.page.locator("#layer-trust").uncheck();
    alice.page.locator("#layer-performance-opacity").fill("40");

    assertThat(trust).isHidden();
    assertThat(performance).hasCSS("opacity", "0.4");
    assertThat(bob.page.locator("#layer-trust")).not().isChecked();
    bob.page.reload();
    bob.awaitLive();
    assertThat(bob.page.locator("#layer-trust")).not().isChecked();
    assertThat(bob.page.locator("#layer-performance-opacity")).hasValue("40");
    assertNoConsoleErrors();
  }

  @Test
  void aSessionWhoseConnectionBreaksGetsEveryEditOnceAfterItReconnects() {
    CanvasPage alice = open();
    AtomicBoolean cut = new AtomicBoolean();
    AtomicReference<WebSocketRoute> socket = new AtomicReference<>();
    alice.page.routeWebSocket(
        Pattern.compile(".*/ws/canvas/.*"),
        route -> {
          if (cut.get()) {
            route.close(new WebSocketRoute.CloseOptions().setCode(CUT).setReason("network cut"));
          } else {
            socket.set(route);
            route.connectToServer();
          }
        });
    alice.signIn(editor("alice"), "/");
    String canvasId = alice.createCanvas("Flaky train wifi");
    CanvasPage bob = open().signIn(editor("bob"), "/#/canvas/" + canvasId);
    bob.awaitLive();
    String before = bob.addBlock("heading");
    bob.editText(before, "Before the tunnel");
    assertThat(alice.block(before).locator(".block-text")).hasText("Before the tunnel");

    cut.set(true);
    socket.get().close(new WebSocketRoute.CloseOptions().setCode(CUT).setReason("network cut"));
    assertThat(alice.connection()).hasAttribute("data-state", "reconnecting");
    List<String> texts = List.of("One", "Two", "Three");
    for (String words : texts) {
      bob.editText(bob.addBlock("text"), words);
    }
    bob.editText(before, "After the tunnel");
    bob.drag(before, 120, 0);
    String left = bob.block(before).evaluate("block => block.style.left").toString();
    cut.set(false);

    alice.awaitLive();
    assertThat(alice.blocks()).hasCount(4);
    for (String words : texts) {
      assertThat(alice.blocks().filter(new Locator.FilterOptions().setHasText(words))).hasCount(1);
    }
    assertThat(alice.block(before).locator(".block-text")).hasText("After the tunnel");
    assertThat(alice.block(before)).hasCSS("left", left);
    String after = alice.addBlock("button");
    assertThat(bob.block(after)).isVisible();
    assertThat(bob.blocks()).hasCount(5);
    assertThat(alice.blocks()).hasCount(5);
    assertNoConsoleErrors();
  }
}
