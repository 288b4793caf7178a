package ai.maily.mesh.edge.rest;

import ai.maily.mesh.core.problem.Problem;
import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * Answers requests Pekko HTTP cannot parse (a URI or header fields over the limits, too many
 * headers) with problems too, since they never reach the routes. Named by {@code
 * pekko.http.server.parsing.error-handler}.
 */
public final class ProblemParsingErrorHandler extends ParsingErrorHandler {

  @Override
  public HttpResponse handle(
      StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
    // The summary names the limit that was hit; the detail may quote what the client sent.
    log.debug("refused a request that could not be parsed ({}): {}", status, info.summary());
    return SecurityHeaders.apply(
        HttpProblems.response(
            Problem.of(HttpProblems.forStatus(status.intValue()), info.summary())));
  }
}
