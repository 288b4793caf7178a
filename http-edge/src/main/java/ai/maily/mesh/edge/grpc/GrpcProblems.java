package ai.maily.mesh.edge.grpc;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.edge.Failures;
import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.grpc.GrpcServiceException;
import org.apache.pekko.grpc.Trailers;
import org.apache.pekko.grpc.javadsl.GrpcExceptionHandler;
import org.apache.pekko.grpc.javadsl.MetadataBuilder;
import org.apache.pekko.japi.Function;

/**
 * Maps the mesh's problems to gRPC statuses through the shared {@link ProblemType} vocabulary; the
 * description starts with the problem's type URI so clients can match on it. A problem the client
 * may retry after a delay carries it as gRPC's server pushback, the {@value #RETRY_PUSHBACK}
 * trailer, which gRPC clients with a retry policy honour.
 */
public final class GrpcProblems {

  static final String RETRY_PUSHBACK = "grpc-retry-pushback-ms";

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

  /**
   * The error handler of the generated service handlers, for failures before a service method runs:
   * a problem (a request body over its limit or too slow to arrive) becomes its status, anything
   * else gets Pekko gRPC's default.
   */
  public static Function<ActorSystem, Function<Throwable, Trailers>> errorHandler() {
    return system ->
        error -> {
          Throwable cause = error instanceof CompletionException ? error.getCause() : error;
          if (cause instanceof ProblemException) {
            GrpcServiceException exception = toException(cause);
            return new Trailers(exception.status(), exception.metadata());
          }
          return GrpcExceptionHandler.defaultMapper().apply(system).apply(error);
        };
  }

  static GrpcServiceException toException(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    if (cause instanceof GrpcServiceException grpc) {
      return grpc;
    }
    Problem problem = Failures.toProblem(error);
    Status status =
        Status.fromCodeValue(problem.type().grpcCode().value()).withDescription(describe(problem));
    if (!problem.retryAfter().isZero()) {
      return new GrpcServiceException(
          status,
          new MetadataBuilder()
              .addText(RETRY_PUSHBACK, Long.toString(problem.retryAfter().toMillis()))
              .build());
    }
    return new GrpcServiceException(status);
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
