package ai.maily.mesh.node;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.grpc.GrpcClientSettings;

/** What the gRPC tests share: client settings for a test node, waiting, and status codes. */
final class GrpcCalls {

  private GrpcCalls() {}

  /** Plaintext HTTP/2 to the node's gRPC port. */
  static GrpcClientSettings settings(TestNode node) {
    ActorSystem<?> system = node.node().system();
    return GrpcClientSettings.connectToServiceAt("127.0.0.1", node.node().grpcPort(), system)
        .withTls(false);
  }

  static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The gRPC status code of a failed call. */
  static Status.Code codeOf(Throwable error) {
    return statusOf(error).getStatus().getCode();
  }

  /** What a failed call failed with: its status, and its trailers. */
  static StatusRuntimeException statusOf(Throwable error) {
    Throwable cause = error instanceof ExecutionException ? error.getCause() : error;
    return (StatusRuntimeException) cause;
  }
}
