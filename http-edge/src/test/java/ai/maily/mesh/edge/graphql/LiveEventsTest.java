package ai.maily.mesh.edge.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.canvas.live.FellBehind;
import ai.maily.mesh.canvas.live.StreamEvent;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.live.LiveEvent;
import ai.maily.mesh.edge.auth.Principal;
import ai.maily.mesh.edge.auth.Role;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.execution.DataFetcherResult;
import graphql.execution.ResultPath;
import graphql.schema.idl.RuntimeWiring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.AsPublisher;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

/**
 * A followed stream's events are a subscription's values, and a reader that fell behind gets a last
 * error telling it where to subscribe again: after the last event it was sent.
 */
class LiveEventsTest {

  private static final String PID = "Canvas|acme:c1";
  private static final GraphqlSettings SETTINGS =
      new GraphqlSettings(
          15, 2000, 10_000, true, Duration.ofSeconds(10), Duration.ofSeconds(15), 16, 1 << 20);
  private static final Principal VIEWER =
      new Principal("viewer", "acme", Set.of(Role.VIEWER), Instant.MAX);
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

  @Test
  void aSubscriptionsLastResultIsTheResyncErrorAfterEveryEventSent() throws Exception {
    Source<StreamEvent, NotUsed> feed =
        Source.from(List.of(3L, 4L, 5L))
            .map(
                seq -> {
                  if (seq == 5) {
                    throw new FellBehind(PID, seq);
                  }
                  return event(seq);
                });
    RuntimeWiring.Builder wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Subscription",
                type ->
                    type.dataFetcher(
                        "canvasEvents",
                        env ->
                            LiveEvents.of(
                                    feed, StreamEvent::seq, 2, env.getExecutionStepInfo().getPath())
                                .runWith(Sink.asPublisher(AsPublisher.WITHOUT_FANOUT), system)));
    ExecutionResult subscribed =
        new MeshGraphql(wiring, SETTINGS)
            .execute(
                VIEWER,
                new GraphqlRequest(
                    "subscription { canvasEvents(canvasId: \"c1\", after: 2) { pid seq } }",
                    Map.of(),
                    null),
                MeshGraphql.Transport.WEBSOCKET)
            .toCompletableFuture()
            .join();

    Publisher<ExecutionResult> publisher = subscribed.getData();
    List<Map<String, Object>> results =
        Source.fromPublisher(publisher)
            .map(ExecutionResult::toSpecification)
            .runWith(Sink.seq(), system)
            .toCompletableFuture()
            .join();

    assertThat(results).hasSize(3);
    assertThat(results.get(0).get("data"))
        .isEqualTo(Map.of("canvasEvents", Map.of("pid", PID, "seq", 3L)));
    assertThat(results.get(1).get("data"))
        .isEqualTo(Map.of("canvasEvents", Map.of("pid", PID, "seq", 4L)));
    JsonNode last = Json.MAPPER.readTree(GraphqlJson.bytes(results.get(2)));
    assertThat(last.path("data").path("canvasEvents").isNull()).isTrue();
    assertThat(last.path("errors")).hasSize(1);
    JsonNode error = last.path("errors").get(0);
    assertThat(error.path("path").get(0).asText()).isEqualTo("canvasEvents");
    assertThat(error.path("extensions").path("resync").asBoolean()).isTrue();
    assertThat(error.path("extensions").path("after").asLong()).isEqualTo(4);
  }
}
