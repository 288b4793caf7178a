package ai.maily.mesh.edge.rest;

import ai.maily.mesh.trust.page.VerificationPage;
import java.util.List;
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
 * allows none.
 */
final class SecurityHeaders {

  private static final HttpHeader NO_SNIFF = RawHeader.create("X-Content-Type-Options", "nosniff");

  private static final List<HttpHeader> HTML =
      List.of(
          RawHeader.create(
              "Content-Security-Policy",
              "default-src 'none'; style-src "
                  + VerificationPage.STYLE_SOURCE
                  + "; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
          RawHeader.create("X-Frame-Options", "DENY"));

  private SecurityHeaders() {}

  /** Adds the headers to every response of {@code inner}. */
  static Route around(Supplier<Route> inner) {
    return Directives.mapResponse(SecurityHeaders::apply, inner);
  }

  /** The response with the headers it should carry. */
  static HttpResponse apply(HttpResponse response) {
    HttpResponse secured = response.addHeader(NO_SNIFF);
    return response.entity().getContentType().mediaType().equals(MediaTypes.TEXT_HTML)
        ? secured.addHeaders(HTML)
        : secured;
  }
}
