package ai.maily.mesh.edge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.canvas.live.FellBehind;
import ai.maily.mesh.canvas.live.StreamEvent;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveEvent;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.execution.ResultPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A followed stream's events are a subscription's values, and a reader that fell behind gets a last
 * error telling it where to subscribe again: after the last event it was sent.
 */
class LiveEventsTest {

  private static final String PID = "Canvas|acme:c1";
  private static final ResultPath PATH = ResultPath.rootPath().segment("canvasEvents");

  private static ActorSystem<Void> system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "live-events-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  private static StreamEvent event(long seq) {
    return new StreamEvent(
        PID,
        seq,
        new LiveEvent(
            "OpsApplied",
            Instant.parse("2026-12-07T17:20:00Z"),
            Json.MAPPER.createObjectNode().put("version", seq)));
  }

  private static List<Object> values(Source<StreamEvent, NotUsed> feed, long after) {
    return LiveEvents.of(feed, StreamEvent::seq, after, PATH)
        .runWith(Sink.seq(), system)
        .toCompletableFuture()
        .join();
  }

  private static Map<String, Object> resyncExtensions(Object value) {
    assertThat(value).isInstanceOf(DataFetcherResult.class);
    DataFetcherResult<?> result = (DataFetcherResult<?>) value;
    assertThat(result.getData()).isNull();
    assertThat(result.getErrors()).hasSize(1);
    GraphQLError error = result.getErrors().get(0);
    assertThat(error.getPath()).containsExactly("canvasEvents");
    return error.getExtensions();
  }

  @Test
  void passesEachEventOnAsItIs() {
    StreamEvent event = event(3);

    assertThat(values(Source.single(event), 2)).containsExactly(event);
  }

  @Test
  void aReaderThatFellBehindGetsAResyncErrorAfterTheLastEventItWasSent() {
    Source<StreamEvent, NotUsed> feed =
        Source.from(List.of(3L, 4L, 5L))
            .map(
                seq -> {
                  if (seq == 5) {
                    throw new FellBehind(PID, seq);
                  }
                  return event(seq);
                });

    List<Object> values = values(feed, 2);

    assertThat(values).hasSize(3);
    Map<String, Object> extensions = resyncExtensions(values.get(2));
    assertThat(extensions)
        .containsEntry("code", "unavailable")
        .containsEntry("type", "urn:maily:problem:unavailable");
    assertThat(((JsonNode) extensions.get("resync")).asBoolean()).isTrue();
    assertThat(((JsonNode) extensions.get("after")).asLong()).isEqualTo(4);
  }

  @Test
  void aReaderThatFellBehindBeforeAnyEventResyncsFromWhereItStarted() {
    List<Object> values = values(Source.failed(new FellBehind(PID, 6)), 5);

    assertThat(values).hasSize(1);
    assertThat(((JsonNode) resyncExtensions(values.get(0)).get("after")).asLong()).isEqualTo(5);
  }

  @Test
  void anyOtherFailureFailsTheStream() {
    assertThatThrownBy(() -> values(Source.failed(new IllegalStateException("broken")), 0))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }
}
