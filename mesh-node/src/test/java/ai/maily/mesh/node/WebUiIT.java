package ai.maily.mesh.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a node serves the canvas web UI: its files, their types, caching and security headers. */
class WebUiIT {

  private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");

  private static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.node().httpPort() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return node.send(request.build());
  }

  @Test
  void servesThePageWithAPolicyThatAllowsOnlyItsOwnCodeAndSockets() {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\"></script>");
    String host = "127.0.0.1:" + node.node().httpPort();
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValue(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
                + " connect-src 'self' ws://"
                + host
                + " wss://"
                + host
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    assertThat(page.headers().allValues("Content-Security-Policy")).hasSize(1);
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void everyModuleThePageImportsIsServedAsJavaScript() {
    Deque<String> pending = new ArrayDeque<>(Set.of("main.js"));
    Set<String> served = new HashSet<>();
    while (!pending.isEmpty()) {
      String module = pending.pop();
      if (!served.add(module)) {
        continue;
      }
      HttpResponse<String> response = get("/app/" + module);
      assertThat(response.statusCode()).as(module).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type"))
          .as(module)
          .hasValue("text/javascript; charset=UTF-8");
      Matcher imports = IMPORT.matcher(response.body());
      while (imports.find()) {
        pending.push(imports.group(1));
      }
    }
    assertThat(served).contains("live-client.js", "canvas-sync.js", "editor.js");
    assertThat(get("/app/styles.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=UTF-8");
    assertThat(get("/app/icon.svg").headers().firstValue("Content-Type")).hasValue("image/svg+xml");
  }

  @Test
  void browsersRevalidateEveryFileAndGetNotModifiedWhileItIsUnchanged() {
    HttpResponse<String> first = get("/app/main.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = get("/app/main.js", "If-None-Match", etag);

    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(first.headers().firstValue("Last-Modified")).isPresent();
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/").headers().firstValue("Cache-Control")).hasValue("no-cache");
  }

  @Test
  void aFileThatIsNotThereIsAProblemAndTheClassPathStaysClosed() {
    HttpResponse<String> missing = get("/app/missing.js");
    HttpResponse<String> outside = get("/app/../reference.conf");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(outside.statusCode()).isEqualTo(404);
    assertThat(get("/app/%2e%2e/index.html").statusCode()).isEqualTo(404);
  }
}
