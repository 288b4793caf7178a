package ai.maily.mesh.edge;

import ai.maily.mesh.canvas.live.FellBehind;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure of an edge operation into the {@link Problem} a client sees, so REST and gRPC
 * report the same failure the same way.
 */
public final class Failures {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  /** The problem behind {@code error}; unexpected errors are logged and reported as internal. */
  public static Problem toProblem(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ProblemException problem) {
      return problem.problem();
    }
    if (cause instanceof EntityStreamSizeException size) {
      return Problem.of(
          ProblemType.PAYLOAD_TOO_LARGE,
          "the request body exceeds the limit of " + size.limit() + " bytes");
    }
    if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
      return Problem.of(
          ProblemType.UNAVAILABLE, "the mesh did not answer in time; retry with backoff");
    }
    if (cause instanceof FellBehind behind) {
      return Problem.of(
          ProblemType.UNAVAILABLE,
          "the client read too slowly; follow again after event " + (behind.seq() - 1));
    }
    if (cause instanceof SQLException) {
      LOG.warn("the journal failed a read: {}", cause.getMessage());
      return Problem.of(
          ProblemType.UNAVAILABLE, "the journal could not be read; retry with backoff");
    }
    LOG.error("unexpected error in a request", cause);
    return Problem.of(ProblemType.INTERNAL, "an unexpected error occurred");
  }
}
