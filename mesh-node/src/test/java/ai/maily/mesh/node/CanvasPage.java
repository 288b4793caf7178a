package ai.maily.mesh.node;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Mouse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The canvas web UI as a user works it, for the browser tests: signing in, creating and opening
 * canvases, and the editor's blocks, panels and connection state. It records the page's console
 * errors and uncaught exceptions, which a test expects to be none.
 */
final class CanvasPage {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  final Page page;
  private final List<String> errors = new ArrayList<>();

  CanvasPage(BrowserContext session) {
    this.page = session.newPage();
    page.onConsoleMessage(
        message -> {
          if (message.type().equals("error")) {
            errors.add(message.text());
          }
        });
    page.onPageError(errors::add);
  }

  /** Signs in with {@code token} on the page at {@code path} (such as a canvas's link). */
  CanvasPage signIn(String token, String path) {
    page.navigate(path);
    page.getByLabel("API token").fill(token);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    return this;
  }

  /** Creates a canvas from the canvas list and waits until it is live; returns its id. */
  String createCanvas(String title) {
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Canvases")))
        .isVisible();
    page.getByLabel("New canvas").fill(title);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create canvas")).click();
    page.waitForURL(Pattern.compile(".*#/canvas/.+"));
    awaitLive();
    assertThat(page.locator(".canvas-title")).hasText(title);
    return page.url().substring(page.url().indexOf("#/canvas/") + "#/canvas/".length());
  }

  void awaitLive() {
    assertThat(connection()).hasAttribute("data-state", "live");
  }

  Locator connection() {
    return page.locator(".connection");
  }

  Locator blocks() {
    return page.locator(".stage .block");
  }

  Locator block(String id) {
    return page.locator(".stage .block[data-block-id='" + id + "']");
  }

  /** Adds a block of {@code type} from the palette; returns its id. */
  String addBlock(String type) {
    int before = blocks().count();
    page.locator(".palette-item[data-type='" + type + "']").click();
    assertThat(blocks()).hasCount(before + 1);
    Locator added = page.locator(".stage .block.selected");
    assertThat(added).hasAttribute("data-type", type);
    return added.getAttribute("data-block-id");
  }

  /** Replaces the text of block {@code id} by editing it in place. */
  void editText(String id, String text) {
    Locator block = block(id);
    block.dblclick();
    Locator editable = block.locator(".block-text[contenteditable='plaintext-only']");
    assertThat(editable).isFocused();
    page.keyboard().press("Control+A");
    page.keyboard().type(text);
    page.keyboard().press("Enter");
    assertThat(block.locator(".block-text")).hasText(text);
  }

  /** Drags block {@code id} by (dx, dy) screen pixels with the mouse. */
  void drag(String id, double dx, double dy) {
    var box = block(id).boundingBox();
    double x = box.x + 20;
    double y = box.y + 10;
    page.mouse().move(x, y);
    page.mouse().down();
    page.mouse().move(x + dx / 2, y + dy / 2, new Mouse.MoveOptions().setSteps(5));
    page.mouse().move(x + dx, y + dy, new Mouse.MoveOptions().setSteps(5));
    page.mouse().up();
  }

  /** Shows the right panel's tab named {@code name}. */
  void showTab(String name) {
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(name)).click();
  }

  /** Keeps a screenshot of the page under target/screenshots as {@code name}.png. */
  void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  /** The console errors and uncaught exceptions of the page so far. */
  List<String> errors() {
    return errors;
  }
}
