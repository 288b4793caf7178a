package ai.maily.mesh.edge;

import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.UniformFanOutShape;
import org.apache.pekko.stream.javadsl.Broadcast;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.GraphDSL;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * How much of a request body the edge reads, and for how long. Pekko HTTP's own request timeout
 * starts only once a body has arrived, and its size limit does not reach HTTP/2 bodies, so a client
 * could otherwise hold a connection with a body that never comes or make a gRPC service buffer one
 * of any size. A body over the limit fails as {@link ProblemType#PAYLOAD_TOO_LARGE} as soon as the
 * limit is passed; one still incomplete after the timeout fails as {@link
 * ProblemType#REQUEST_TIMEOUT}.
 *
 * @param maxBytes the most bytes read of a body
 * @param timeout how long a body may take to arrive, from when the edge starts reading it
 */
public record BodyLimit(long maxBytes, Duration timeout) {

  /** A request whose body is bounded, and the problem reading that body ran into, if any. */
  public static final class Bounded {

    private final HttpRequest request;
    private final AtomicReference<Problem> failure;

    private Bounded(HttpRequest request, AtomicReference<Problem> failure) {
      this.request = request;
      this.failure = failure;
    }

    public HttpRequest request() {
      return request;
    }

    /** Why reading the body failed; empty unless it has. */
    public Optional<Problem> failure() {
      return Optional.ofNullable(failure.get());
    }
  }

  /** The request with its body bounded; a body that has already arrived whole is left as it is. */
  public Bounded bound(HttpRequest request) {
    AtomicReference<Problem> failure = new AtomicReference<>();
    RequestEntity entity = request.entity();
    if (entity instanceof HttpEntity.Strict strict && strict.getData().size() <= maxBytes) {
      return new Bounded(request, failure);
    }
    Source<ByteString, ?> bytes = entity.getDataBytes().via(reader(failure));
    return new Bounded(
        request.withEntity(
            entity.getContentLengthOption().isPresent()
                ? HttpEntities.create(
                    entity.getContentType(), entity.getContentLengthOption().getAsLong(), bytes)
                : HttpEntities.createChunked(entity.getContentType(), bytes)),
        failure);
  }

  /**
   * Counts the body's bytes and ends it at the deadline. Whatever the reader gives up on is still
   * read from the connection and dropped (never kept), and a late body is cut off before its
   * failure is reported: cancelling the connection's input would make Pekko HTTP reset the
   * connection, and the client would lose the answer.
   */
  private Flow<ByteString, ByteString, ?> reader(AtomicReference<Problem> failure) {
    AtomicBoolean arrived = new AtomicBoolean();
    ByteString end = ByteString.fromArrayUnsafe(new byte[0]);
    return Flow.fromGraph(
            GraphDSL.create(
                builder -> {
                  UniformFanOutShape<ByteString, ByteString> split =
                      builder.add(Broadcast.create(2, false));
                  builder.from(split.out(1)).to(builder.add(Sink.<ByteString>ignore()));
                  return FlowShape.of(split.in(), split.out(0));
                }))
        .limitWeighted(maxBytes, bytes -> (long) bytes.size())
        .mapError(
            StreamLimitReachedException.class,
            e ->
                fail(
                    failure,
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "the request body exceeds the limit of " + maxBytes + " bytes"))
        .concat(Source.single(end))
        .takeWithin(timeout)
        .filter(
            bytes -> {
              if (bytes == end) {
                arrived.set(true);
                return false;
              }
              return true;
            })
        .concatLazy(
            Source.lazySource(
                () ->
                    arrived.get()
                        ? Source.<ByteString>empty()
                        : Source.<ByteString>failed(
                            fail(
                                failure,
                                ProblemType.REQUEST_TIMEOUT,
                                "the request body did not arrive within "
                                    + timeout.toMillis()
                                    + " ms"))));
  }

  private static ProblemException fail(
      AtomicReference<Problem> failure, ProblemType type, String detail) {
    ProblemException problem = ProblemException.of(type, detail);
    failure.set(problem.problem());
    return problem;
  }
}
