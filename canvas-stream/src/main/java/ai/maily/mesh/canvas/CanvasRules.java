package ai.maily.mesh.canvas;

import ai.maily.mesh.core.problem.Problem.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules an op must follow, checked on a request's {@link Draft} as its ops change it: every
 * value within the canvas's limits, blocks that exist where an op names one, one subject and one
 * preheader. Each broken rule is a violation naming its field ({@code ops[2].block.type}); an op
 * that breaks one changes nothing.
 */
final class CanvasRules {

  static final Pattern BLOCK_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /**
   * An http(s) URL with a host name; after it, anything but control characters, so that a link may
   * hold merge tags ({@code ?u={{ contact_id }}}). Rendering escapes it.
   */
  private static final Pattern URL =
      Pattern.compile(
          "(?i)https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*"
              + "(:[0-9]{1,5})?([/?#]\\P{Cntrl}*)?");

  private final CanvasSettings settings;

  CanvasRules(CanvasSettings settings) {
    this.settings = settings;
  }

  /**
   * Checks the edit {@code op} at {@code at} on {@code draft}, and makes it there when it is valid.
   * Undo and redo are not edits: {@link CanvasDocument} takes them from the stacks.
   */
  void apply(CanvasOp op, String at, Draft draft, List<Violation> problems) {
    if (op instanceof CanvasOp.AddBlock add) {
      addBlock(add, at, draft, problems);
    } else if (op instanceof CanvasOp.UpdateBlock update) {
      updateBlock(update, at, draft, problems);
    } else if (op instanceof CanvasOp.MoveBlock move) {
      moveBlock(move, at, draft, problems);
    } else if (op instanceof CanvasOp.DeleteBlock delete) {
      if (existing(delete.blockId(), at, draft, problems) != null) {
        draft.remove(delete.blockId());
      }
    } else if (op instanceof CanvasOp.SetLayer set) {
      setLayer(set, at, draft, problems);
    } else {
      throw new IllegalArgumentException("not an edit: " + op);
    }
  }

  /** The rules a whole canvas keeps, checked after an undo or redo put blocks back. */
  void checkWhole(Draft draft, String at, List<Violation> problems) {
    if (draft.size() > settings.maxBlocks()) {
      problems.add(
          new Violation(
              at,
              "it would leave "
                  + draft.size()
                  + " blocks; a canvas holds at most "
                  + settings.maxBlocks()));
    }
    for (Block block : draft.blocks()) {
      if (block.type().isSingle() && draft.other(block.type(), block.id()) != null) {
        problems.add(
            new Violation(
                at, "it would leave two " + block.type().wireName() + " blocks; a canvas has one"));
        return;
      }
    }
  }

  /** Problems of a canvas's title. */
  List<Violation> title(String title) {
    if (title == null || title.isBlank()) {
      return List.of(new Violation("title", "must not be blank"));
    }
    return text(title, "title", settings.maxTitleLength()).stream().toList();
  }

  private void addBlock(CanvasOp.AddBlock op, String at, Draft draft, List<Violation> problems) {
    String path = at + ".block";
    Block block = op.block();
    if (block == null) {
      problems.add(new Violation(path, "is required"));
      return;
    }
    int before = problems.size();
    if (!BLOCK_ID.matcher(block.id()).matches()) {
      problems.add(new Violation(path + ".id", "must match " + BLOCK_ID.pattern()));
    } else if (draft.block(block.id()) != null) {
      problems.add(new Violation(path + ".id", "a block '" + block.id() + "' already exists"));
    }
    coordinate(block.x(), path + ".x", problems);
    coordinate(block.y(), path + ".y", problems);
    size(block.w(), path + ".w", problems);
    size(block.h(), path + ".h", problems);
    z(block.z(), path + ".z", problems);
    for (String field : List.of("text", "src", "alt", "href")) {
      if (block.content().get(field) != null) {
        contentField(block.type(), field, block.content().get(field), path, problems);
      }
    }
    Block other = draft.other(block.type(), block.id());
    if (block.type().isSingle() && other != null) {
      problems.add(
          new Violation(
              path + ".type",
              "the canvas already has a "
                  + block.type().wireName()
                  + " block ('"
                  + other.id()
                  + "')"));
    }
    if (draft.size() >= settings.maxBlocks()) {
      problems.add(
          new Violation(
              at, "the canvas already holds " + draft.size() + " blocks, the most it may"));
    }
    if (problems.size() == before) {
      draft.put(block);
    }
  }

  private void updateBlock(
      CanvasOp.UpdateBlock op, String at, Draft draft, List<Violation> problems) {
    Block block = existing(op.blockId(), at, draft, problems);
    if (block == null) {
      return;
    }
    int before = problems.size();
    Block.Content content = block.content();
    for (Map.Entry<String, String> field : op.content().entrySet()) {
      if (contentField(block.type(), field.getKey(), field.getValue(), at, problems)) {
        content = content.with(field.getKey(), field.getValue());
      }
    }
    double w = block.w();
    double h = block.h();
    if (op.w() != null) {
      w = op.w();
      size(w, at + ".w", problems);
    }
    if (op.h() != null) {
      h = op.h();
      size(h, at + ".h", problems);
    }
    if (problems.size() == before) {
      draft.put(block.withContent(content).resized(w, h));
    }
  }

  private void moveBlock(CanvasOp.MoveBlock op, String at, Draft draft, List<Violation> problems) {
    Block block = existing(op.blockId(), at, draft, problems);
    if (block == null) {
      return;
    }
    int before = problems.size();
    coordinate(op.x(), at + ".x", problems);
    coordinate(op.y(), at + ".y", problems);
    int z = op.z() == null ? block.z() : op.z();
    z(z, at + ".z", problems);
    if (problems.size() == before) {
      draft.put(block.movedTo(op.x(), op.y(), z));
    }
  }

  private void setLayer(CanvasOp.SetLayer op, String at, Draft draft, List<Violation> problems) {
    if (op.layer() == null) {
      problems.add(new Violation(at + ".layer", "must be one of " + LayerName.wireNames()));
      return;
    }
    Layer layer = draft.layer(op.layer());
    boolean visible = op.visible() == null ? layer.visible() : op.visible();
    double opacity = op.opacity() == null ? layer.opacity() : op.opacity();
    if (!(opacity >= 0 && opacity <= 1)) {
      problems.add(new Violation(at + ".opacity", "must be a number from 0 to 1"));
      return;
    }
    draft.setLayer(op.layer(), new Layer(visible, opacity));
  }

  /** The block {@code id} names; null, with a problem, when there is none. */
  private static Block existing(String id, String at, Draft draft, List<Violation> problems) {
    if (id == null) {
      problems.add(new Violation(at + ".blockId", "is required"));
      return null;
    }
    Block block = draft.block(id);
    if (block == null) {
      problems.add(new Violation(at + ".blockId", "no block '" + id + "' in the canvas"));
    }
    return block;
  }

  /**
   * Checks one content field of a block of {@code type}, at {@code path}.content; null clears a
   * field and is always valid. True when the field is valid.
   */
  private boolean contentField(
      BlockType type, String field, String value, String path, List<Violation> problems) {
    String at = path + ".content." + field;
    if (!type.contentFields().contains(field)) {
      problems.add(
          new Violation(
              at,
              "a "
                  + type.wireName()
                  + " block has no '"
                  + field
                  + "'; its fields: "
                  + type.contentFields()));
      return false;
    }
    if (value == null) {
      return true;
    }
    Optional<Violation> problem =
        field.equals("src") || field.equals("href")
            ? url(value, at)
            : text(value, at, settings.maxTextLength());
    problem.ifPresent(problems::add);
    return problem.isEmpty();
  }

  private Optional<Violation> text(String value, String at, int maxLength) {
    if (value.length() > maxLength) {
      return Optional.of(
          new Violation(
              at, "has " + value.length() + " characters; at most " + maxLength + " allowed"));
    }
    return settings.json().problemIn(value).map(p -> new Violation(at, p));
  }

  private Optional<Violation> url(String value, String at) {
    if (value.length() > settings.maxUrlLength()) {
      return text(value, at, settings.maxUrlLength());
    }
    if (!URL.matcher(value).matches()) {
      return Optional.of(new Violation(at, "must be an http or https URL with a host name"));
    }
    return settings.json().problemIn(value).map(p -> new Violation(at, p));
  }

  private void coordinate(double value, String at, List<Violation> problems) {
    double max = settings.maxCoordinate();
    if (!(value >= -max && value <= max)) {
      problems.add(new Violation(at, "must be a number from " + -max + " to " + max));
    }
  }

  private void size(double value, String at, List<Violation> problems) {
    double max = settings.maxCoordinate();
    if (!(value > 0 && value <= max)) {
      problems.add(new Violation(at, "must be a number above 0 and at most " + max));
    }
  }

  private void z(int value, String at, List<Violation> problems) {
    double max = settings.maxCoordinate();
    if (Math.abs((double) value) > max) {
      problems.add(new Violation(at, "must be an integer from " + -max + " to " + max));
    }
  }
}
