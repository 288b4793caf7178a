package ai.maily.mesh.canvas;

import static ai.maily.mesh.canvas.CanvasFixtures.addText;
import static ai.maily.mesh.canvas.CanvasFixtures.ops;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.canvas.CanvasEntity.CanvasReply;
import ai.maily.mesh.core.MeshTestConfig;
import ai.maily.mesh.core.live.LiveMessage;
import ai.maily.mesh.core.live.LiveTopics;
import ai.maily.mesh.core.problem.ProblemType;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CanvasEntityTest {

  private static final ActorTestKit testKit = ActorTestKit.create(MeshTestConfig.create());

  private final TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
  private String canvasId;
  private EventSourcedBehaviorTestKit<CanvasEntity.Command, CanvasEntity.Event, CanvasState> kit;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void newCanvas() {
    canvasId = UUID.randomUUID().toString();
    kit = kitFor(CanvasFixtures.SETTINGS);
  }

  private EventSourcedBehaviorTestKit<CanvasEntity.Command, CanvasEntity.Event, CanvasState> kitFor(
      CanvasSettings settings) {
    return EventSourcedBehaviorTestKit.create(
        testKit.system(), CanvasEntity.create("acme:" + canvasId, settings, shard.ref()));
  }

  private CommandResultWithReply<CanvasEntity.Command, CanvasEntity.Event, CanvasState, CanvasReply>
      create() {
    return kit.runCommand(r -> new CanvasEntity.Create("Spring sale", "alice", r));
  }

  private CommandResultWithReply<CanvasEntity.Command, CanvasEntity.Event, CanvasState, CanvasReply>
      apply(long base, String by, String json) {
    return apply(base, by, json, null);
  }

  private CommandResultWithReply<CanvasEntity.Command, CanvasEntity.Event, CanvasState, CanvasReply>
      apply(long base, String by, String json, String clientOpId) {
    return kit.runCommand(r -> new CanvasEntity.Apply(base, ops(json), by, clientOpId, r));
  }

  private CanvasView view() {
    return ((CanvasEntity.Done) kit.<CanvasReply>runCommand(CanvasEntity.Get::new).reply())
        .canvas();
  }

  @Test
  void createsACanvasAtVersionZeroWithOneEvent() {
    var result = create();

    assertThat(result.events())
        .singleElement()
        .isInstanceOfSatisfying(
            CanvasEntity.CanvasCreated.class,
            e -> {
              assertThat(e.canvasId()).isEqualTo(canvasId);
              assertThat(e.tenant()).isEqualTo("acme");
              assertThat(e.title()).isEqualTo("Spring sale");
              assertThat(e.by()).isEqualTo("alice");
            });
    CanvasView canvas = ((CanvasEntity.Done) result.reply()).canvas();
    assertThat(canvas.canvasId()).isEqualTo(canvasId);
    assertThat(canvas.version()).isZero();
    assertThat(canvas.seq()).isEqualTo(1);
    assertThat(canvas.createdBy()).isEqualTo("alice");
    assertThat(canvas.layers()).isEqualTo(Layers.DEFAULT);
  }

  @Test
  void refusesASecondCreateAndABlankTitle() {
    assertThat(kit.<CanvasReply>runCommand(r -> new CanvasEntity.Create(" ", "alice", r)).reply())
        .isInstanceOfSatisfying(
            CanvasEntity.Refused.class,
            r -> assertThat(r.problems()).extracting(p -> p.field()).containsExactly("title"));
    create();

    var again = create();

    assertThat(again.hasNoEvents()).isTrue();
    assertThat(((CanvasEntity.Refused) again.reply()).rejection().type())
        .isEqualTo(ProblemType.CONFLICT);
  }

  @Test
  void appliesARequestAsOneEventOneVersionOn() {
    create();

    var result =
        apply(0, "alice", "[" + addText("a", 0, "Hi") + "," + addText("b", 50, "Yo") + "]");

    CanvasEntity.OpsApplied event =
        (CanvasEntity.OpsApplied) result.events().stream().reduce((x, y) -> y).orElseThrow();
    assertThat(result.events()).hasSize(1);
    assertThat(event.version()).isEqualTo(1);
    assertThat(event.ops()).hasSize(2);
    assertThat(event.changes().blocks()).extracting(BlockChange::blockId).containsExactly("a", "b");
    assertThat(result.reply()).isEqualTo(new CanvasEntity.Applied(1, event.changes()));
    assertThat(view().blocks()).extracting(Block::id).containsExactly("a", "b");
    assertThat(view().seq()).isEqualTo(2);
  }

  @Test
  void refusesAStaleRequestWithWhatChangedSince() {
    create();
    var first = apply(0, "alice", "[" + addText("a", 0, "Hi") + "]");
    var second = apply(1, "bob", "[{'op': 'moveBlock', 'blockId': 'a', 'x': 5, 'y': 5}]");

    var stale = apply(0, "carol", "[{'op': 'deleteBlock', 'blockId': 'a'}]");

    assertThat(stale.hasNoEvents()).isTrue();
    CanvasEntity.Conflict conflict = (CanvasEntity.Conflict) stale.reply();
    assertThat(conflict.version()).isEqualTo(2);
    assertThat(conflict.since()).extracting(Revision::version).containsExactly(1L, 2L);
    assertThat(conflict.since()).extracting(Revision::by).containsExactly("alice", "bob");
    assertThat(conflict.since().get(0).changes())
        .isEqualTo(((CanvasEntity.Applied) first.reply()).changes());
    assertThat(conflict.since().get(1).changes())
        .isEqualTo(((CanvasEntity.Applied) second.reply()).changes());
    assertThat(view().version()).isEqualTo(2);
  }

  @Test
  void saysToReloadWhenItNoLongerKeepsWhatChangedSince() {
    kit = kitFor(CanvasFixtures.settings(200, 100, 2));
    create();
    for (int version = 0; version < 3; version++) {
      apply(version, "alice", "[" + addText("b" + version, version, "x") + "]");
    }

    assertThat(apply(0, "bob", "[{'op': 'undo'}]").reply())
        .isEqualTo(new CanvasEntity.Conflict(3, null));
    assertThat(((CanvasEntity.Conflict) apply(1, "bob", "[{'op': 'undo'}]").reply()).since())
        .extracting(Revision::version)
        .containsExactly(2L, 3L);
    assertThat(apply(7, "bob", "[{'op': 'undo'}]").reply())
        .isEqualTo(new CanvasEntity.Conflict(3, null));
  }

  @Test
  void answersARetriedRequestWithTheChangeItMade() {
    create();
    var first = apply(0, "alice", "[" + addText("a", 0, "Hi") + "]", "op-1");

    var retried = apply(0, "alice", "[" + addText("a", 0, "Hi") + "]", "op-1");

    assertThat(retried.hasNoEvents()).isTrue();
    assertThat(retried.reply()).isEqualTo(first.reply());
    assertThat(apply(0, "bob", "[" + addText("a", 0, "Hi") + "]", "op-1").reply())
        .isInstanceOf(CanvasEntity.Conflict.class);
  }

  @Test
  void refusesInvalidOpsWithTheirFieldsAndWritesNothing() {
    create();

    var result =
        apply(
            0,
            "alice",
            "[" + addText("a", 0, "Hi") + ", {'op': 'deleteBlock', 'blockId': 'ghost'}]");

    assertThat(result.hasNoEvents()).isTrue();
    CanvasEntity.Refused refused = (CanvasEntity.Refused) result.reply();
    assertThat(refused.rejection().type()).isEqualTo(ProblemType.INVALID_REQUEST);
    assertThat(refused.problems()).extracting(p -> p.field()).containsExactly("ops[1].blockId");
    assertThat(view().version()).isZero();
  }

  @Test
  void undoesAndRedoesEachUsersChangesAsNewVersions() {
    create();
    apply(0, "alice", "[" + addText("a", 0, "Hi") + "]");
    apply(1, "bob", "[" + addText("b", 50, "Yo") + "]");

    var undo = apply(2, "alice", "[{'op': 'undo'}]");
    assertThat(undo.events()).singleElement().isInstanceOf(CanvasEntity.OpsApplied.class);
    assertThat(view().blocks()).extracting(Block::id).containsExactly("b");

    apply(3, "alice", "[{'op': 'redo'}]");
    assertThat(view().blocks()).extracting(Block::id).containsExactly("b", "a");
    assertThat(view().version()).isEqualTo(4);
  }

  @Test
  void aRestartKeepsTheDocumentAndTheUndoStacks() {
    create();
    apply(0, "alice", "[" + addText("a", 0, "Hi") + "]");
    apply(1, "alice", "[{'op': 'updateBlock', 'blockId': 'a', 'content': {'text': 'Hello'}}]");
    apply(2, "alice", "[{'op': 'undo'}]");
    CanvasState before = kit.getState();

    kit.restart();

    assertThat(kit.getState()).isEqualTo(before);
    apply(3, "alice", "[{'op': 'redo'}]");
    assertThat(view().blocks().get(0).content().text()).isEqualTo("Hello");
    apply(4, "alice", "[{'op': 'undo'}]");
    apply(5, "alice", "[{'op': 'undo'}]");
    assertThat(view().blocks()).isEmpty();
  }

  @Test
  void recoversFromASnapshotAndTheEventsAfterIt() {
    CanvasSettings settings = CanvasFixtures.SETTINGS;
    kit =
        kitFor(
            new CanvasSettings(
                settings.maxBlocks(),
                settings.maxTextLength(),
                settings.maxTitleLength(),
                settings.maxUrlLength(),
                settings.maxOps(),
                settings.maxCoordinate(),
                settings.undoDepth(),
                settings.history(),
                settings.asksKept(),
                3,
                settings.listPage(),
                settings.json()));
    create();
    for (int version = 0; version < 4; version++) {
      apply(version, "alice", "[" + addText("b" + version, version, "x") + "]");
    }
    CanvasState before = kit.getState();
    assertThat(
            kit.snapshotTestKit()
                .orElseThrow()
                .persistedInStorage(CanvasEntity.persistenceId("acme", canvasId)))
        .extracting(p -> p.first().sequenceNr())
        .contains(3L);

    kit.restart();

    assertThat(kit.getState()).isEqualTo(before);
    assertThat(apply(4, "alice", "[{'op': 'undo'}]").reply())
        .isInstanceOf(CanvasEntity.Applied.class);
  }

  @Test
  void recordsATaskAskedOnceWithoutAVersion() {
    create();
    apply(0, "alice", "[" + addText("a", 0, "Hi") + "]");

    var asked =
        kit.<CanvasReply>runCommand(
            r -> new CanvasEntity.RecordAsk("task-1", "a", "compliance", null, "alice", r));
    var again =
        kit.<CanvasReply>runCommand(
            r -> new CanvasEntity.RecordAsk("task-1", "a", "compliance", null, "alice", r));

    assertThat(asked.events())
        .singleElement()
        .isInstanceOfSatisfying(
            CanvasEntity.TaskAsked.class,
            e -> {
              assertThat(e.taskId()).isEqualTo("task-1");
              assertThat(e.blockId()).isEqualTo("a");
              assertThat(e.agent()).isEqualTo("compliance");
              assertThat(e.playbook()).isNull();
            });
    assertThat(again.hasNoEvents()).isTrue();
    CanvasView canvas = ((CanvasEntity.Done) again.reply()).canvas();
    assertThat(canvas.version()).isEqualTo(1);
    assertThat(canvas.seq()).isEqualTo(3);
    assertThat(canvas.asks()).extracting(CanvasView.Ask::taskId).containsExactly("task-1");
  }

  @Test
  void aCanvasThatDoesNotExistAnswersNotFoundAndPassivates() {
    var result = kit.<CanvasReply>runCommand(CanvasEntity.Get::new);

    assertThat(((CanvasEntity.Refused) result.reply()).rejection().type())
        .isEqualTo(ProblemType.NOT_FOUND);
    assertThat(result.hasNoEvents()).isTrue();
    shard.expectMessageClass(ClusterSharding.Passivate.class);
  }

  @Test
  void publishesEachWriteOnTheLiveTopicAtItsSequenceNumber() {
    String pid = CanvasEntity.persistenceId("acme", canvasId);
    TestProbe<LiveMessage> subscriber = testKit.createTestProbe();
    LiveTopics.get(testKit.system()).subscribe(pid, subscriber.ref());

    create();
    apply(0, "alice", "[" + addText("a", 0, "Hi") + "]");
    kit.<CanvasReply>runCommand(
        r -> new CanvasEntity.RecordAsk("task-1", "a", null, "email-check", "alice", r));

    List<String> types = List.of("CanvasCreated", "OpsApplied", "TaskAsked");
    for (int seq = 1; seq <= 3; seq++) {
      LiveMessage.Events events = subscriber.expectMessageClass(LiveMessage.Events.class);
      assertThat(events.persistenceId()).isEqualTo(pid);
      assertThat(events.firstSeq()).isEqualTo(seq);
      assertThat(events.events())
          .singleElement()
          .satisfies(e -> assertThat(types).contains(e.type()));
      assertThat(events.events().get(0).type()).isEqualTo(types.get(seq - 1));
    }
    assertThat(view().seq()).isEqualTo(3);
    assertThat(kit.persistenceTestKit().persistedInStorage(pid)).hasSize(3);
  }
}
