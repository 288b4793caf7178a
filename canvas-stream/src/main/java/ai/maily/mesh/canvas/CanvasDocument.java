package ai.maily.mesh.canvas;

import ai.maily.mesh.core.problem.Problem.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign email as a canvas of blocks, and what its ops do to it. Immutable: a request's ops
 * make a new document, all of them or none.
 *
 * <p>{@link #apply} checks a request and says what it changes; {@link #applied} makes those changes
 * and keeps the author's undo and redo stacks. The entity persists the changes in between, and its
 * recovery calls {@link #applied} alone, so the document it rebuilds is the one its clients saw.
 *
 * @param version how many requests have changed the document
 * @param blocks the blocks, in the order they were added
 * @param stacks every user's undo and redo stacks
 */
public record CanvasDocument(
    String title, long version, List<Block> blocks, Layers layers, UndoStacks stacks) {

  /** What a request does: its changes and the document after them, or why it does nothing. */
  public sealed interface Outcome {}

  public record Applied(CanvasChanges changes, CanvasDocument document) implements Outcome {}

  /** The request breaks a rule; nothing of it applies. */
  public record Invalid(List<Violation> problems) implements Outcome {

    public Invalid {
      problems = List.copyOf(problems);
    }
  }

  public CanvasDocument {
    blocks = List.copyOf(blocks);
  }

  /** A new, empty document at version 0. */
  public static CanvasDocument create(String title) {
    return new CanvasDocument(title, 0, List.of(), Layers.DEFAULT, UndoStacks.EMPTY);
  }

  /** Why {@code title} cannot name a canvas; empty when it can. */
  public static List<Violation> titleProblems(String title, CanvasSettings settings) {
    return new CanvasRules(settings).title(title);
  }

  public Optional<Block> block(String id) {
    return blocks.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * What {@code ops}, a request of {@code by}, do to this document: each op checked and made in
   * turn on a working copy, or the problems of every op that breaks a rule. Undo and redo come
   * alone in their request.
   */
  public Outcome apply(List<CanvasOp> ops, String by, CanvasSettings settings) {
    if (ops.isEmpty()) {
      return invalid("ops", "must hold at least one op");
    }
    if (ops.size() > settings.maxOps()) {
      return invalid("ops", "holds " + ops.size() + " ops; at most " + settings.maxOps());
    }
    List<Violation> problems = new ArrayList<>();
    for (int i = 0; i < ops.size() && ops.size() > 1; i++) {
      if (ops.get(i) instanceof CanvasOp.Undo || ops.get(i) instanceof CanvasOp.Redo) {
        problems.add(new Violation(at(i) + ".op", "undo and redo come alone in their request"));
      }
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    CanvasOp.Kind kind = CanvasOp.Kind.of(ops);
    if (kind != CanvasOp.Kind.EDIT) {
      return revisit(kind, ops, by, settings);
    }
    CanvasRules rules = new CanvasRules(settings);
    Draft draft = new Draft(this);
    for (int i = 0; i < ops.size(); i++) {
      rules.apply(ops.get(i), at(i), draft, problems);
    }
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    return finish(ops, draft, by, settings);
  }

  /** Undoes or redoes the newest change of {@code by} that can be. */
  private Outcome revisit(
      CanvasOp.Kind kind, List<CanvasOp> ops, String by, CanvasSettings settings) {
    boolean undo = kind == CanvasOp.Kind.UNDO;
    Optional<UndoStacks.Taken> taken =
        undo
            ? stacks.undoable(by, this, settings.undoDepth())
            : stacks.redoable(by, this, settings.undoDepth());
    if (taken.isEmpty()) {
      String what = undo ? "undo" : "redo";
      return invalid(
          at(0),
          !(undo ? stacks.undo() : stacks.redo()).containsKey(by)
              ? "nothing to " + what
              : "nothing to " + what + ": others have since changed what your changes changed");
    }
    Draft draft = new Draft(this);
    (undo ? taken.get().edit().inverse() : taken.get().edit()).makeOn(draft);
    List<Violation> problems = new ArrayList<>();
    new CanvasRules(settings).checkWhole(draft, at(0), problems);
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    return finish(ops, draft, by, settings);
  }

  private Applied finish(List<CanvasOp> ops, Draft draft, String by, CanvasSettings settings) {
    CanvasChanges changes = draft.changes();
    return new Applied(changes, applied(ops, changes, by, settings.undoDepth()));
  }

  /**
   * The document after the request {@code ops} of {@code by} made {@code changes}, one version on:
   * an edit tops the author's undo stack and empties their redo stack; an undo or redo moves its
   * change between them.
   */
  public CanvasDocument applied(
      List<CanvasOp> ops, CanvasChanges changes, String by, int undoDepth) {
    UndoStacks nextStacks =
        switch (CanvasOp.Kind.of(ops)) {
          case EDIT -> stacks.pushed(by, Edit.between(this, changes), undoDepth);
          case UNDO -> stacks.undoable(by, this, undoDepth).orElseThrow().stacks();
          case REDO -> stacks.redoable(by, this, undoDepth).orElseThrow().stacks();
        };
    Map<String, BlockChange> pending = new LinkedHashMap<>();
    changes.blocks().forEach(c -> pending.put(c.blockId(), c));
    List<Block> next = new ArrayList<>();
    for (Block block : blocks) {
      BlockChange change = pending.remove(block.id());
      if (change == null) {
        next.add(block);
      } else if (!change.deleted()) {
        next.add(change.block());
      }
    }
    pending.values().stream().filter(c -> !c.deleted()).forEach(c -> next.add(c.block()));
    return new CanvasDocument(
        title, version + 1, next, layers.overlaid(changes.layers()), nextStacks);
  }

  private static String at(int index) {
    return "ops[" + index + "]";
  }

  private static Invalid invalid(String field, String message) {
    return new Invalid(List.of(new Violation(field, message)));
  }
}
