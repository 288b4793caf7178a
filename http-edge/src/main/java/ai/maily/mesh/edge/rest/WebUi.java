package ai.maily.mesh.edge.rest;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The canvas web UI: {@code index.html} at {@code /} and {@code /analytics} (the dashboard), and
 * its modules, style sheet and images under {@code /app/}, read from the class path's {@code web/}
 * folder (canvas-stream owns them). There is no build step, so file names carry no version:
 * browsers revalidate every file (no-cache with Last-Modified and ETag, answered with 304 when
 * unchanged) instead of keeping a stale module next to a fresh one.
 */
final class WebUi extends AllDirectives {

  private static final String ROOT = "web/";
  private static final Map<String, ContentType> TYPES =
      Map.of(
          "html", ContentTypes.TEXT_HTML_UTF8,
          // RFC 9239: text/javascript is the type of JavaScript, module scripts included.
          "js",
              MediaTypes.customWithOpenCharset("text", "javascript", Map.of(), false, "js")
                  .toContentType(HttpCharsets.UTF_8),
          "css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8),
          "svg", MediaTypes.IMAGE_SVG_XML.toContentType(),
          "png", MediaTypes.IMAGE_PNG.toContentType(),
          "json", ContentTypes.APPLICATION_JSON);
  private static final HttpHeader REVALIDATE = CacheControl.create(CacheDirectives.NO_CACHE);
  // A host name, an IPv4 address or a bracketed IPv6 address, and a port: nothing that could end
  // the header's value or the policy's directive.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+]");

  Route routes() {
    return get(
        () ->
            respondWithHeader(
                REVALIDATE,
                () ->
                    concat(
                        pathSingleSlash(this::app),
                        path("analytics", this::app),
                        pathPrefix(
                            "app",
                            () -> getFromResourceDirectory(ROOT + "app", WebUi::contentType)))));
  }

  /** The app's page, which routes by its URL in the browser. */
  private Route app() {
    return headerValueByType(
        Host.class,
        host ->
            respondWithHeaders(
                SecurityHeaders.forApp(sameOriginSockets(host)),
                () -> getFromResource(ROOT + "index.html", ContentTypes.TEXT_HTML_UTF8)));
  }

  /** The WebSocket origins of the host the page was loaded from, for the page's connect-src. */
  static Optional<String> sameOriginSockets(Host host) {
    String name = host.host().address();
    if (!HOST.matcher(name).matches()) {
      return Optional.empty();
    }
    String authority = host.port() > 0 ? name + ":" + host.port() : name;
    return Optional.of("ws://" + authority + " wss://" + authority);
  }

  private static ContentType contentType(String fileName) {
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1);
    return TYPES.getOrDefault(extension, ContentTypes.APPLICATION_OCTET_STREAM);
  }
}
