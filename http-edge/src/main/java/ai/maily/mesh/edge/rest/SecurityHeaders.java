package ai.maily.mesh.edge.rest;

import ai.maily.mesh.trust.page.VerificationPage;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The headers that keep browsers from misusing the edge's responses: every response says its
 * declared type is the real one, and every HTML page may load nothing but its own style sheet and
 * data images, post its form only back to this origin, and never be framed (against clickjacking).
 * The pages are self-contained and have no scripts (see {@link VerificationPage}), so the policy
 * allows none. The canvas app ({@link WebUi}) brings its own, no wider than it needs.
 */
final class SecurityHeaders {

  private static final String CSP = "Content-Security-Policy";
  private static final HttpHeader NO_SNIFF = RawHeader.create("X-Content-Type-Options", "nosniff");
  private static final HttpHeader NO_FRAMING = RawHeader.create("X-Frame-Options", "DENY");

  private static final List<HttpHeader> HTML =
      List.of(
          RawHeader.create(
              CSP,
              "default-src 'none'; style-src "
                  + VerificationPage.STYLE_SOURCE
                  + "; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
          NO_FRAMING);

  private SecurityHeaders() {}

  /** Adds the headers to every response of {@code inner}. */
  static Route around(Supplier<Route> inner) {
    return Directives.mapResponse(SecurityHeaders::apply, inner);
  }

  /**
   * The headers of the canvas app's page: its own scripts and style sheets only (no inline code or
   * styles), images from itself, data URLs and any HTTPS site (image blocks show images hosted
   * elsewhere), requests and WebSockets to its own origin only ({@code sockets}: the ws and wss
   * origins of the host it was loaded from; CSP 3 counts them in {@code 'self'}, older browsers do
   * not), never framed.
   */
  static List<HttpHeader> forApp(Optional<String> sockets) {
    return List.of(
        RawHeader.create(
            CSP,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
                + " connect-src 'self'"
                + sockets.map(origins -> " " + origins).orElse("")
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
        NO_FRAMING,
        RawHeader.create("Referrer-Policy", "same-origin"));
  }

  /**
   * The response with the headers it should carry; an HTML page with a policy of its own keeps it.
   */
  static HttpResponse apply(HttpResponse response) {
    HttpResponse secured = response.addHeader(NO_SNIFF);
    boolean html = response.entity().getContentType().mediaType().equals(MediaTypes.TEXT_HTML);
    return html && response.getHeader(CSP).isEmpty() ? secured.addHeaders(HTML) : secured;
  }
}
