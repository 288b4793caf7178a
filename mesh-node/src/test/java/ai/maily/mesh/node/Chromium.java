package ai.maily.mesh.node;

import ai.maily.mesh.core.LocalServices;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium for the UI tests: the machine's own package ({@link LocalServices#CHROMIUM})
 * driven by Playwright, which downloads no browser and reaches nothing outside the machine.
 */
final class Chromium implements AutoCloseable {

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts Chromium; skips the calling test (fails it under CI=true) when it is not installed. */
  static Chromium launch() {
    LocalServices.requireChromium();
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(LocalServices.CHROMIUM)
                      .setHeadless(true)
                      .setArgs(
                          List.of(
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync")));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A browser session of its own (storage, cookies), as another person's browser would be. */
  BrowserContext session(TestNode node) {
    return browser.newContext(
        new Browser.NewContextOptions()
            .setBaseURL("http://127.0.0.1:" + node.node().httpPort())
            .setViewportSize(1440, 900));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
