package ai.maily.mesh.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every user's undo and redo stacks of one canvas, newest last, each at most a depth deep. Part of
 * the canvas's state, so a restarted canvas undoes what it undid before.
 *
 * @param undo the changes each user can undo, by user
 * @param redo the changes each user undid and can make again, by user
 */
public record UndoStacks(Map<String, List<Edit>> undo, Map<String, List<Edit>> redo) {

  static final UndoStacks EMPTY = new UndoStacks(Map.of(), Map.of());

  /** A change taken from a stack, and the stacks after it moved to the other one. */
  record Taken(Edit edit, UndoStacks stacks) {}

  public UndoStacks {
    undo = Map.copyOf(undo);
    redo = Map.copyOf(redo);
  }

  /** After {@code by} made {@code edit}: it tops their undo stack, and their redo stack empties. */
  UndoStacks pushed(String by, Edit edit, int depth) {
    Map<String, List<Edit>> nextRedo = new HashMap<>(redo);
    nextRedo.remove(by);
    if (edit.isEmpty()) {
      return new UndoStacks(undo, nextRedo);
    }
    return new UndoStacks(with(undo, by, edit, depth), nextRedo);
  }

  /**
   * The newest change of {@code by} that can be undone on {@code document}, and the stacks after it
   * moved to their redo stack. Newer changes that cannot be undone any more (another user has
   * changed what they changed) are dropped on the way.
   */
  Optional<Taken> undoable(String by, CanvasDocument document, int depth) {
    return take(undo, redo, by, document, true, depth)
        .map(t -> new Taken(t.edit(), new UndoStacks(t.from(), t.to())));
  }

  /** Like {@link #undoable}, from the redo stack to the undo stack, forwards. */
  Optional<Taken> redoable(String by, CanvasDocument document, int depth) {
    return take(redo, undo, by, document, false, depth)
        .map(t -> new Taken(t.edit(), new UndoStacks(t.to(), t.from())));
  }

  private record Moved(Edit edit, Map<String, List<Edit>> from, Map<String, List<Edit>> to) {}

  private static Optional<Moved> take(
      Map<String, List<Edit>> from,
      Map<String, List<Edit>> to,
      String by,
      CanvasDocument document,
      boolean backwards,
      int depth) {
    List<Edit> stack = from.getOrDefault(by, List.of());
    for (int i = stack.size() - 1; i >= 0; i--) {
      Edit edit = stack.get(i);
      if ((backwards ? edit.inverse() : edit).fits(document)) {
        Map<String, List<Edit>> nextFrom = new HashMap<>(from);
        if (i == 0) {
          nextFrom.remove(by);
        } else {
          nextFrom.put(by, List.copyOf(stack.subList(0, i)));
        }
        return Optional.of(new Moved(edit, nextFrom, with(to, by, edit, depth)));
      }
    }
    return Optional.empty();
  }

  private static Map<String, List<Edit>> with(
      Map<String, List<Edit>> stacks, String by, Edit edit, int depth) {
    List<Edit> stack = new ArrayList<>(stacks.getOrDefault(by, List.of()));
    stack.add(edit);
    if (stack.size() > depth) {
      stack.subList(0, stack.size() - depth).clear();
    }
    Map<String, List<Edit>> next = new HashMap<>(stacks);
    next.put(by, List.copyOf(stack));
    return next;
  }
}
