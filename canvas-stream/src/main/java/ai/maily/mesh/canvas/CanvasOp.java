package ai.maily.mesh.canvas;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One edit of a canvas as a client asks for it. Its JSON names it in {@code op} ({@code addBlock},
 * {@code updateBlock}, ...); the journal stores it the same way, inside {@link
 * CanvasEntity.OpsApplied}. {@link CanvasOps} reads client JSON into ops, {@link CanvasDocument}
 * checks and applies them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CanvasOp.AddBlock.class, name = "addBlock"),
  @JsonSubTypes.Type(value = CanvasOp.UpdateBlock.class, name = "updateBlock"),
  @JsonSubTypes.Type(value = CanvasOp.MoveBlock.class, name = "moveBlock"),
  @JsonSubTypes.Type(value = CanvasOp.DeleteBlock.class, name = "deleteBlock"),
  @JsonSubTypes.Type(value = CanvasOp.SetLayer.class, name = "setLayer"),
  @JsonSubTypes.Type(value = CanvasOp.Undo.class, name = "undo"),
  @JsonSubTypes.Type(value = CanvasOp.Redo.class, name = "redo")
})
public sealed interface CanvasOp {

  /** Adds a block; its id is the client's, or one the edge made up. */
  record AddBlock(Block block) implements CanvasOp {}

  /**
   * Changes a block's content field by field, and its size.
   *
   * @param content the content fields to change; a null value clears its field
   * @param w the new width, or null to keep it
   * @param h the new height, or null to keep it
   */
  record UpdateBlock(String blockId, Map<String, String> content, Double w, Double h)
      implements CanvasOp {

    public UpdateBlock {
      // Not Map.copyOf: a null value is meaningful here.
      content =
          content == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(content));
    }
  }

  /** Moves a block; a null {@code z} keeps its stacking order. */
  record MoveBlock(String blockId, double x, double y, Integer z) implements CanvasOp {}

  record DeleteBlock(String blockId) implements CanvasOp {}

  /** Shows, hides or fades a layer; a null setting keeps it. */
  record SetLayer(LayerName layer, Boolean visible, Double opacity) implements CanvasOp {}

  /** Reverts the author's last change that can still be reverted. */
  record Undo() implements CanvasOp {}

  /** Makes again the author's last undone change. */
  record Redo() implements CanvasOp {}

  /** What a request does to its author's undo and redo stacks. */
  enum Kind {
    /** Changes the canvas: undoable, and clears the author's redo stack. */
    EDIT,
    UNDO,
    REDO;

    /** The kind of a request; undo and redo come alone ({@link CanvasDocument#apply}). */
    static Kind of(List<CanvasOp> ops) {
      if (ops.size() == 1 && ops.get(0) instanceof Undo) {
        return UNDO;
      }
      if (ops.size() == 1 && ops.get(0) instanceof Redo) {
        return REDO;
      }
      return EDIT;
    }
  }
}
