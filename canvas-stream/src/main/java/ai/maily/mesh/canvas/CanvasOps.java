package ai.maily.mesh.canvas;

import ai.maily.mesh.core.problem.Problem.Violation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Reads a request's ops from a client's JSON ({@code [{"op": "addBlock", "block": {...}}, ...]}):
 * every op's shape — its fields, their JSON types, the names of ops, block types and layers — with
 * the path of each offending field ({@code ops[2].block.type}). What the values may be is {@link
 * CanvasDocument}'s to check. A block added without an id gets a new one here, so the ops the
 * journal stores are complete.
 */
public final class CanvasOps {

  /** The ops, usable only when there are no problems. */
  public record Result(List<CanvasOp> ops, List<Violation> problems) {

    public Result {
      ops = List.copyOf(ops);
      problems = List.copyOf(problems);
    }
  }

  private static final List<String> OPS =
      List.of("addBlock", "updateBlock", "moveBlock", "deleteBlock", "setLayer", "undo", "redo");
  private static final List<String> BLOCK_FIELDS =
      List.of("id", "type", "x", "y", "w", "h", "z", "content");
  private static final List<String> CONTENT_FIELDS = List.of("text", "src", "alt", "href");

  private final Supplier<String> newBlockId;
  private final List<Violation> problems = new ArrayList<>();

  private CanvasOps(Supplier<String> newBlockId) {
    this.newBlockId = newBlockId;
  }

  /** Reads the ops at {@code ops}, giving new blocks random ids. */
  public static Result read(JsonNode ops) {
    return read(ops, () -> UUID.randomUUID().toString());
  }

  /** Reads the ops at {@code ops}, giving new blocks the ids {@code newBlockId} makes. */
  public static Result read(JsonNode ops, Supplier<String> newBlockId) {
    CanvasOps reader = new CanvasOps(newBlockId);
    List<CanvasOp> read = new ArrayList<>();
    if (ops == null || !ops.isArray()) {
      reader.problem("ops", "must be an array of ops");
    } else {
      for (int i = 0; i < ops.size(); i++) {
        CanvasOp op = reader.op(ops.get(i), "ops[" + i + "]");
        if (op != null) {
          read.add(op);
        }
      }
    }
    return new Result(read, reader.problems);
  }

  /** The op at {@code at}; null when it has problems. */
  private CanvasOp op(JsonNode node, String at) {
    if (!node.isObject()) {
      problem(at, "must be an object");
      return null;
    }
    JsonNode name = node.get("op");
    if (name == null || !name.isTextual() || !OPS.contains(name.asText())) {
      problem(at + ".op", "must be one of " + OPS);
      return null;
    }
    int before = problems.size();
    CanvasOp op =
        switch (name.asText()) {
          case "addBlock" -> {
            allowed(node, at, List.of("op", "block"));
            Block block = block(node.get("block"), at + ".block");
            yield block == null ? null : new CanvasOp.AddBlock(block);
          }
          case "updateBlock" -> {
            allowed(node, at, List.of("op", "blockId", "content", "w", "h"));
            yield new CanvasOp.UpdateBlock(
                requiredText(node, "blockId", at),
                contentPatch(node.get("content"), at + ".content"),
                optionalNumber(node, "w", at),
                optionalNumber(node, "h", at));
          }
          case "moveBlock" -> {
            allowed(node, at, List.of("op", "blockId", "x", "y", "z"));
            yield new CanvasOp.MoveBlock(
                requiredText(node, "blockId", at),
                requiredNumber(node, "x", at),
                requiredNumber(node, "y", at),
                optionalInteger(node, "z", at));
          }
          case "deleteBlock" -> {
            allowed(node, at, List.of("op", "blockId"));
            yield new CanvasOp.DeleteBlock(requiredText(node, "blockId", at));
          }
          case "setLayer" -> {
            allowed(node, at, List.of("op", "layer", "visible", "opacity"));
            yield new CanvasOp.SetLayer(
                layer(node, at),
                optionalBoolean(node, "visible", at),
                optionalNumber(node, "opacity", at));
          }
          case "undo" -> {
            allowed(node, at, List.of("op"));
            yield new CanvasOp.Undo();
          }
          case "redo" -> {
            allowed(node, at, List.of("op"));
            yield new CanvasOp.Redo();
          }
          default -> throw new IllegalStateException("an op missing from OPS: " + name);
        };
    return problems.size() == before ? op : null;
  }

  private Block block(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      problem(at, "must be an object with type, x, y, w and h");
      return null;
    }
    allowed(node, at, BLOCK_FIELDS);
    int before = problems.size();
    String id = optionalText(node, "id", at);
    String typeName = requiredText(node, "type", at);
    BlockType type = null;
    if (typeName != null) {
      type = BlockType.fromWireName(typeName).orElse(null);
      if (type == null) {
        problem(at + ".type", "must be one of " + BlockType.wireNames());
      }
    }
    double x = requiredNumber(node, "x", at);
    double y = requiredNumber(node, "y", at);
    double w = requiredNumber(node, "w", at);
    double h = requiredNumber(node, "h", at);
    Integer z = optionalInteger(node, "z", at);
    Block.Content content = Block.Content.EMPTY;
    for (Map.Entry<String, String> field :
        contentPatch(node.get("content"), at + ".content").entrySet()) {
      content = content.with(field.getKey(), field.getValue());
    }
    if (problems.size() != before) {
      return null;
    }
    return new Block(
        id == null ? newBlockId.get() : id, type, x, y, w, h, z == null ? 0 : z, content);
  }

  /** Content fields and their new values; a null value clears its field. */
  private Map<String, String> contentPatch(JsonNode node, String at) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return fields;
    }
    if (!node.isObject()) {
      problem(at, "must be an object of content fields " + CONTENT_FIELDS);
      return fields;
    }
    allowed(node, at, CONTENT_FIELDS);
    for (String field : CONTENT_FIELDS) {
      JsonNode value = node.get(field);
      if (value == null) {
        continue;
      }
      if (value.isNull()) {
        fields.put(field, null);
      } else if (value.isTextual()) {
        fields.put(field, value.asText());
      } else {
        problem(at + "." + field, "must be a string, or null to clear it");
      }
    }
    return fields;
  }

  private LayerName layer(JsonNode node, String at) {
    String name = requiredText(node, "layer", at);
    if (name == null) {
      return null;
    }
    return LayerName.fromWireName(name)
        .orElseGet(
            () -> {
              problem(at + ".layer", "must be one of " + LayerName.wireNames());
              return null;
            });
  }

  private void allowed(JsonNode node, String at, List<String> fields) {
    node.fieldNames()
        .forEachRemaining(
            field -> {
              if (!fields.contains(field)) {
                problem(at + "." + field, "unknown field; allowed: " + fields);
              }
            });
  }

  private String requiredText(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      problem(at + "." + field, "must be a string");
      return null;
    }
    return value.asText();
  }

  private String optionalText(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return requiredText(node, field, at);
  }

  private double requiredNumber(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
      problem(at + "." + field, "must be a number");
      return 0;
    }
    return value.asDouble();
  }

  private Double optionalNumber(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return requiredNumber(node, field, at);
  }

  private Integer optionalInteger(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problem(at + "." + field, "must be an integer");
      return null;
    }
    return value.asInt();
  }

  private Boolean optionalBoolean(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      problem(at + "." + field, "must be true or false");
      return null;
    }
    return value.asBoolean();
  }

  private void problem(String field, String message) {
    problems.add(new Violation(field, message));
  }
}
