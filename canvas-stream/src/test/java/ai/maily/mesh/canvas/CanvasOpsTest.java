package ai.maily.mesh.canvas;

import static ai.maily.mesh.canvas.CanvasFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.problem.Problem.Violation;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanvasOpsTest {

  @Test
  void readsEveryOp() {
    CanvasOps.Result read =
        CanvasOps.read(
            tree(
                "[{'op': 'addBlock', 'block': {'id': 'b1', 'type': 'button', 'x': 1, 'y': 2, 'w': 3,"
                    + " 'h': 4, 'z': 5, 'content': {'text': 'Go', 'href': 'https://acme.com'}}},"
                    + " {'op': 'updateBlock', 'blockId': 'b1', 'content': {'text': null}, 'w': 7},"
                    + " {'op': 'moveBlock', 'blockId': 'b1', 'x': 8, 'y': 9},"
                    + " {'op': 'deleteBlock', 'blockId': 'b1'},"
                    + " {'op': 'setLayer', 'layer': 'aiReasoning', 'visible': false},"
                    + " {'op': 'undo'}, {'op': 'redo'}]"));

    Map<String, String> cleared = new HashMap<>();
    cleared.put("text", null);
    assertThat(read.problems()).isEmpty();
    assertThat(read.ops())
        .containsExactly(
            new CanvasOp.AddBlock(
                new Block(
                    "b1",
                    BlockType.BUTTON,
                    1,
                    2,
                    3,
                    4,
                    5,
                    new Block.Content("Go", null, null, "https://acme.com"))),
            new CanvasOp.UpdateBlock("b1", cleared, 7.0, null),
            new CanvasOp.MoveBlock("b1", 8, 9, null),
            new CanvasOp.DeleteBlock("b1"),
            new CanvasOp.SetLayer(LayerName.AI_REASONING, false, null),
            new CanvasOp.Undo(),
            new CanvasOp.Redo());
  }

  @Test
  void givesABlockWithoutAnIdANewOne() {
    CanvasOps.Result read =
        CanvasOps.read(
            tree(
                "[{'op': 'addBlock', 'block': {'type': 'divider', 'x': 0, 'y': 0, 'w': 1, 'h': 1}}]"),
            () -> "fresh");

    assertThat(((CanvasOp.AddBlock) read.ops().get(0)).block().id()).isEqualTo("fresh");
  }

  @Test
  void namesTheFieldOfEveryShapeProblem() {
    CanvasOps.Result read =
        CanvasOps.read(
            tree(
                "[{'op': 'addBlock', 'block': {'type': 'video', 'x': '1', 'y': 0, 'w': 1, 'h': 1,"
                    + " 'colour': 'red', 'content': {'text': 3}}},"
                    + " {'op': 'moveBlock', 'blockId': 7, 'x': 0, 'y': 0, 'z': 1.5},"
                    + " {'op': 'rotate'},"
                    + " 'undo',"
                    + " {'op': 'setLayer', 'layer': 'weather', 'visible': 'yes'},"
                    + " {'op': 'undo', 'steps': 2}]"));

    assertThat(read.problems())
        .extracting(Violation::field)
        .containsExactly(
            "ops[0].block.colour",
            "ops[0].block.type",
            "ops[0].block.x",
            "ops[0].block.content.text",
            "ops[1].blockId",
            "ops[1].z",
            "ops[2].op",
            "ops[3]",
            "ops[4].layer",
            "ops[4].visible",
            "ops[5].steps");
    assertThat(read.problems().get(1).message()).contains("subject", "divider");
  }

  @Test
  void opsMustBeAnArray() {
    assertThat(CanvasOps.read(tree("{'op': 'undo'}")).problems())
        .containsExactly(new Violation("ops", "must be an array of ops"));
    assertThat(CanvasOps.read(null).problems()).hasSize(1);
  }
}
