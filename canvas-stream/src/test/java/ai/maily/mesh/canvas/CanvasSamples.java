package ai.maily.mesh.canvas;

import ai.maily.mesh.core.CborSerializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One instance of every event a canvas journals, and a snapshot, with fixed contents. */
final class CanvasSamples {

  static final Instant AT = Instant.parse("2026-11-25T10:15:30.123Z");

  private CanvasSamples() {}

  static Block block() {
    return new Block(
        "cta",
        BlockType.BUTTON,
        10,
        20.5,
        200,
        40,
        2,
        new Block.Content("Shop", null, null, "https://acme.com/s"));
  }

  static CanvasChanges changes() {
    return new CanvasChanges(
        List.of(BlockChange.of("cta", block()), BlockChange.of("old", null)),
        Layers.NONE.with(LayerName.TRUST, new Layer(false, 0.5)));
  }

  static List<CanvasOp> everyOp() {
    Map<String, String> content = new HashMap<>();
    content.put("text", "Shop");
    return List.of(
        new CanvasOp.AddBlock(block()),
        new CanvasOp.UpdateBlock("cta", content, 200.0, null),
        new CanvasOp.MoveBlock("cta", 10, 20.5, 2),
        new CanvasOp.DeleteBlock("old"),
        new CanvasOp.SetLayer(LayerName.TRUST, false, 0.5),
        new CanvasOp.Undo(),
        new CanvasOp.Redo());
  }

  /** Every event a canvas persists. */
  static List<CanvasEntity.Event> events() {
    return List.of(
        new CanvasEntity.CanvasCreated("c1", "acme", "Spring sale", "alice", AT),
        new CanvasEntity.OpsApplied(3, everyOp(), changes(), "alice", "op-1", AT),
        new CanvasEntity.TaskAsked("t1", "cta", "compliance", null, "alice", AT));
  }

  /** A canvas's state as a snapshot stores it: a document with undo and redo stacks. */
  static CanvasState state() {
    Edit edit =
        new Edit(
            List.of(new Edit.BlockEdit("cta", null, block())),
            List.of(new Edit.LayerEdit(LayerName.TRUST, Layer.SHOWN, new Layer(false, 0.5))));
    CanvasDocument document =
        new CanvasDocument(
            "Spring sale",
            2,
            List.of(block()),
            Layers.DEFAULT.with(LayerName.TRUST, new Layer(false, 0.5)),
            new UndoStacks(Map.of("alice", List.of(edit)), Map.of("alice", List.of(edit))));
    return new CanvasState(
        "c1",
        "acme",
        AT,
        "alice",
        AT,
        4,
        document,
        List.of(new Revision(2, changes(), "alice", null, AT)),
        List.of(new CanvasView.Ask("t1", "cta", null, "email-check", "alice", AT)));
  }

  /** What the journal and the snapshot store hold of a canvas. */
  static List<CborSerializable> rows() {
    List<CborSerializable> rows = new java.util.ArrayList<>(events());
    rows.add(state());
    return rows;
  }
}
