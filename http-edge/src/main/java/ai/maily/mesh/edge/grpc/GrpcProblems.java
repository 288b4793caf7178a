package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.pattern.AskTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the mesh's problems to gRPC statuses through the shared {@link ProblemType} vocabulary; the
 * description starts with the problem's type URI so clients can match on it.
 */
final class GrpcProblems {

  private static final Logger LOG = LoggerFactory.getLogger(GrpcProblems.class);

  private GrpcProblems() {}

  /** The stage, with any failure turned into the gRPC status the client should see. */
  static <T> CompletionStage<T> reported(CompletionStage<T> stage) {
    return stage.handle(
        (result, error) -> {
          if (error != null) {
            throw toException(error);
          }
          return result;
        });
  }

  static GrpcServiceException toException(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof GrpcServiceException grpc) {
      return grpc;
    }
    Problem problem;
    if (cause instanceof ProblemException p) {
      problem = p.problem();
    } else if (cause instanceof AskTimeoutException || cause instanceof TimeoutException) {
      problem =
          Problem.of(
              ProblemType.UNAVAILABLE, "the mesh did not answer in time; retry with backoff");
    } else {
      LOG.error("unexpected error in a gRPC call", cause);
      problem = Problem.of(ProblemType.INTERNAL, "an unexpected error occurred");
    }
    return new GrpcServiceException(
        Status.fromCodeValue(problem.type().grpcCode().value()).withDescription(describe(problem)));
  }

  private static String describe(Problem problem) {
    String description = "[" + problem.type().uri() + "] " + problem.detail();
    if (problem.violations().isEmpty()) {
      return description;
    }
    return description
        + ": "
        + problem.violations().stream()
            .map(v -> v.field() + ": " + v.message())
            .collect(Collectors.joining("; "));
  }
}
