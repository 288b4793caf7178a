package ai.maily.mesh.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request's change of a canvas as its undo and redo stacks keep it: each touched block and
 * layer before and after.
 *
 * <p>Undoing makes the change backwards ({@link #inverse}), redoing forwards. Either is made field
 * by field: only the fields the change changed are set, so a user can undo their new text while
 * another user's move of the same block stays. It can be made only while each of those fields is as
 * the change left it ({@link #fits}); when another user has changed one since, it cannot.
 *
 * @param blocks the touched blocks; a null {@code before} is a block added, a null {@code after} a
 *     block deleted
 * @param layers the touched layers
 */
record Edit(List<BlockEdit> blocks, List<LayerEdit> layers) {

  record BlockEdit(String blockId, Block before, Block after) {

    BlockEdit inverse() {
      return new BlockEdit(blockId, after, before);
    }

    /**
     * Whether the change can be made on {@code current}: what it adds is absent, what it deletes is
     * unchanged, and what it changes is as it was before in the fields the change changes.
     */
    boolean fits(Block current) {
      if (before == null) {
        return current == null;
      }
      if (after == null) {
        return before.equals(current);
      }
      return current != null && current.matchesWhereChanged(before, after);
    }

    /** {@code current} after the change; null when the change deletes it. */
    Block madeOn(Block current) {
      if (before == null || after == null) {
        return after;
      }
      return current.rebased(before, after);
    }
  }

  record LayerEdit(LayerName layer, Layer before, Layer after) {

    LayerEdit inverse() {
      return new LayerEdit(layer, after, before);
    }

    boolean fits(Layer current) {
      return current.matchesWhereChanged(before, after);
    }

    Layer madeOn(Layer current) {
      return current.rebased(before, after);
    }
  }

  Edit {
    blocks = List.copyOf(blocks);
    layers = List.copyOf(layers);
  }

  /** The change from {@code document} to what {@code changes} leave; unchanged items left out. */
  static Edit between(CanvasDocument document, CanvasChanges changes) {
    List<BlockEdit> blocks = new ArrayList<>();
    for (BlockChange change : changes.blocks()) {
      Block before = document.block(change.blockId()).orElse(null);
      if (!Objects.equals(before, change.block())) {
        blocks.add(new BlockEdit(change.blockId(), before, change.block()));
      }
    }
    List<LayerEdit> layers = new ArrayList<>();
    for (LayerName name : changes.layers().names()) {
      Layer before = document.layers().get(name);
      if (!before.equals(changes.layers().get(name))) {
        layers.add(new LayerEdit(name, before, changes.layers().get(name)));
      }
    }
    return new Edit(blocks, layers);
  }

  boolean isEmpty() {
    return blocks.isEmpty() && layers.isEmpty();
  }

  /** The same change backwards: what undoing it makes. */
  Edit inverse() {
    return new Edit(
        blocks.stream().map(BlockEdit::inverse).toList(),
        layers.stream().map(LayerEdit::inverse).toList());
  }

  /** Whether every part of the change can be made on {@code document}. */
  boolean fits(CanvasDocument document) {
    return blocks.stream().allMatch(b -> b.fits(document.block(b.blockId()).orElse(null)))
        && layers.stream().allMatch(l -> l.fits(document.layers().get(l.layer())));
  }

  /** Makes the change on {@code draft}; requires that it {@link #fits} the draft's document. */
  void makeOn(Draft draft) {
    for (BlockEdit edit : blocks) {
      Block made = edit.madeOn(draft.block(edit.blockId()));
      if (made == null) {
        draft.remove(edit.blockId());
      } else {
        draft.put(made);
      }
    }
    for (LayerEdit edit : layers) {
      draft.setLayer(edit.layer(), edit.madeOn(draft.layer(edit.layer())));
    }
  }
}
