package ai.maily.mesh.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.CborSerializable;
import ai.maily.mesh.core.Json;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.problem.Problem.Violation;
import ai.maily.mesh.core.problem.ProblemType;
import ai.maily.mesh.core.problem.Rejection;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every canvas command, reply, event and state round-trips through CBOR; events read as JSON. */
class CanvasSerializationTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());
  private static final SerializationTestKit serialization =
      new SerializationTestKit(testKit.system());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  static Stream<CborSerializable> messages() {
    ActorRef<CanvasEntity.CanvasReply> replies =
        testKit.createTestProbe(CanvasEntity.CanvasReply.class).ref();
    CanvasState state = CanvasSamples.state();
    Revision revision = state.history().get(0);
    return Stream.concat(
        CanvasSamples.rows().stream(),
        Stream.of(
            new CanvasEntity.Create("Spring sale", "alice", replies),
            new CanvasEntity.Get(replies),
            new CanvasEntity.Apply(3, CanvasSamples.everyOp(), "alice", "op-1", replies),
            new CanvasEntity.Apply(
                4,
                List.of(new CanvasOp.UpdateBlock("hero", clearing("alt"), null, null)),
                "alice",
                null,
                replies),
            new CanvasEntity.RecordAsk("t1", "cta", "compliance", null, "alice", replies),
            new CanvasEntity.Done(state.view()),
            new CanvasEntity.Applied(3, CanvasSamples.changes()),
            new CanvasEntity.Conflict(3, List.of(revision)),
            new CanvasEntity.Conflict(3, null),
            new CanvasEntity.Refused(
                new Rejection(ProblemType.INVALID_REQUEST, "1 problem(s)"),
                List.of(new Violation("ops[0].block.type", "must be one of ...")))));
  }

  /** Content that clears {@code field}: its null must survive the round trip. */
  private static Map<String, String> clearing(String field) {
    Map<String, String> content = new HashMap<>();
    content.put(field, null);
    return content;
  }

  @ParameterizedTest
  @MethodSource("messages")
  void roundTripsThroughCbor(CborSerializable message) {
    serialization.verifySerialization(message, true);
  }

  @Test
  void anOpsAppliedEventReadsAsTheDocumentedJson() {
    JsonNode json = Json.tree(CanvasSamples.events().get(1));

    assertThat(json.path("version").asLong()).isEqualTo(3);
    assertThat(json.path("ops").findValuesAsText("op"))
        .containsExactly(
            "addBlock", "updateBlock", "moveBlock", "deleteBlock", "setLayer", "undo", "redo");
    assertThat(json.path("ops").get(0).path("block").path("type").asText()).isEqualTo("button");
    assertThat(json.path("changes").path("blocks").get(0).path("block").path("id").asText())
        .isEqualTo("cta");
    assertThat(json.path("changes").path("blocks").get(1).path("deleted").asBoolean()).isTrue();
    assertThat(json.path("changes").path("blocks").get(1).has("block")).isFalse();
    assertThat(json.path("changes").path("layers").fieldNames())
        .toIterable()
        .containsExactly("trust");
    assertThat(json.path("clientOpId").asText()).isEqualTo("op-1");
    assertThat(json.path("at").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
  }
}
