package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.canvas.live.FellBehind;
import ai.maily.mesh.core.problem.Problem;
import ai.maily.mesh.core.problem.ProblemType;
import graphql.execution.DataFetcherResult;
import graphql.execution.ResultPath;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;

/**
 * A followed stream ({@link LiveStreams#follow}) as the values of a subscription field, each event
 * as it is. A reader that fell behind gets, in place of the events it missed, one last result where
 * the field is null with an error (type {@code unavailable}, extensions {@code resync: true} and
 * {@code after}: the seq of the last event it was sent), then the end; it subscribes again with
 * that {@code after}.
 *
 * <p>The error is a result of its own, not the stream's failure, because graphql-java drops the
 * results still in flight when its source fails, and the client must have every event up to {@code
 * after}; and the subscription fields are nullable because graphql-java fails the whole stream when
 * the event of a non-null one resolves to null.
 */
final class LiveEvents {

  private LiveEvents() {}

  /**
   * The values of a subscription to {@code events}.
   *
   * @param events the events after position {@code after}
   * @param seq an event's position in its stream
   * @param path the subscription field's path, where a resync error is reported
   */
  static <E> Source<Object, NotUsed> of(
      Source<E, NotUsed> events, ToLongFunction<? super E> seq, long after, ResultPath path) {
    return Source.fromMaterializer(
            (materializer, attributes) -> {
              AtomicLong last = new AtomicLong(after);
              return events
                  .<Object>map(
                      event -> {
                        last.set(seq.applyAsLong(event));
                        return event;
                      })
                  .recover(FellBehind.class, () -> resync(last.get(), path));
            })
        .mapMaterializedValue(materialized -> NotUsed.notUsed());
  }

  private static DataFetcherResult<Object> resync(long after, ResultPath path) {
    Problem problem =
        Problem.of(
                ProblemType.UNAVAILABLE,
                "the subscriber read too slowly and missed events after "
                    + after
                    + "; subscribe again with after: "
                    + after)
            .withExtension("resync", true)
            .withExtension("after", after);
    return DataFetcherResult.<Object>newResult()
        .error(ProblemErrors.error(problem).path(path).build())
        .build();
  }
}
