package ai.maily.mesh.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.Config;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a client's JSON document or text may hold so that the journal can store it: the bounds the
 * journal's serializer (Jackson CBOR, {@code pekko.serialization.jackson.read} and {@code write})
 * enforces, with the nesting kept far enough below its own to leave room for the objects that wrap
 * a document on its way (event, batch, a step's input, a REST page). The edge checks every client
 * value with it, so whatever it accepts can be written, read back and rendered.
 *
 * @param maxDepth how deep objects and arrays may nest in a client document ({@code
 *     mesh.json.max-depth})
 * @param maxStringLength the longest string value, as the serializer reads them
 * @param maxNameLength the longest object key, as the serializer reads them
 * @param maxNumberLength the most characters of one number, as the serializer reads them
 */
public record JsonLimits(
    int maxDepth, int maxStringLength, int maxNameLength, int maxNumberLength) {

  /**
   * Nesting the mesh adds around a client document, at most: a task's input sits in a submission,
   * an event, a batch, a journal row's list, a step's input, and a REST page of events.
   */
  public static final int WRAPPING_DEPTH = 16;

  private static final String SERIALIZER = "pekko.serialization.jackson";

  /** The most characters of a JSON Pointer that a problem quotes. */
  private static final int MAX_POINTER_LENGTH = 120;

  public JsonLimits {
    if (maxDepth < 1 || maxStringLength < 1 || maxNameLength < 1 || maxNumberLength < 1) {
      throw new IllegalArgumentException("JSON limits must be positive");
    }
  }

  /**
   * The limits of this system's serializer, and {@code mesh.json.max-depth}.
   *
   * @throws IllegalArgumentException if that depth leaves the serializer too little room for the
   *     mesh's own wrapping
   */
  public static JsonLimits fromConfig(Config config) {
    Config read = config.getConfig(SERIALIZER + ".read");
    int serializerDepth =
        Math.min(
            read.getInt("max-nesting-depth"),
            config.getInt(SERIALIZER + ".write.max-nesting-depth"));
    int maxDepth = config.getInt("mesh.json.max-depth");
    if (maxDepth + WRAPPING_DEPTH > serializerDepth) {
      throw new IllegalArgumentException(
          "mesh.json.max-depth = "
              + maxDepth
              + " leaves fewer than "
              + WRAPPING_DEPTH
              + " levels below the serializer's nesting limit of "
              + serializerDepth);
    }
    return new JsonLimits(
        maxDepth,
        read.getInt("max-string-length"),
        read.getInt("max-name-length"),
        read.getInt("max-number-length"));
  }

  /**
   * Why {@code text} cannot be stored; empty when it can.
   *
   * <p>An unpaired UTF-16 surrogate (a JSON escape such as {@code "\ud800"} alone) has no UTF-8
   * encoding: the CBOR serializer refuses it.
   */
  public Optional<String> problemIn(String text) {
    if (text.length() > maxStringLength) {
      return Optional.of(
          "has " + text.length() + " characters; at most " + maxStringLength + " allowed");
    }
    return unpaired(text);
  }

  /** Why {@code document} cannot be stored, with the JSON Pointer of where; empty when it can. */
  public Optional<String> problemIn(JsonNode document) {
    return new Walk().visit(document, 1);
  }

  /** A description of the first unpaired surrogate in {@code text}; empty when there is none. */
  public static Optional<String> unpaired(String text) {
    OptionalInt at = Unicode.unpairedSurrogate(text);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "is not well-formed Unicode: an unpaired surrogate U+"
            + Integer.toHexString(text.charAt(at.getAsInt())).toUpperCase(Locale.ROOT)
            + " at index "
            + at.getAsInt());
  }

  /** One check of a document; keeps the path to the value it looks at. */
  private final class Walk {
    private final Deque<String> path = new ArrayDeque<>();

    Optional<String> visit(JsonNode node, int depth) {
      if (node.isContainerNode() && depth > maxDepth) {
        return at("nests deeper than " + maxDepth + " levels");
      }
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          if (field.getKey().length() > maxNameLength) {
            return at("has a key of more than " + maxNameLength + " characters");
          }
          Optional<String> key = unpaired(field.getKey());
          if (key.isPresent()) {
            return at("has a key that " + key.get());
          }
          Optional<String> problem = child(field.getKey(), field.getValue(), depth);
          if (problem.isPresent()) {
            return problem;
          }
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          Optional<String> problem = child(Integer.toString(i), node.get(i), depth);
          if (problem.isPresent()) {
            return problem;
          }
        }
      } else if (node.isTextual()) {
        return problemIn(node.textValue()).flatMap(this::at);
      } else if (node.isNumber()) {
        return number(node);
      }
      return Optional.empty();
    }

    private Optional<String> child(String name, JsonNode value, int depth) {
      path.addLast(name);
      Optional<String> problem = visit(value, depth + 1);
      path.removeLast();
      return problem;
    }

    private Optional<String> number(JsonNode number) {
      // A floating-point literal beyond a double's range reads as infinity, which JSON cannot
      // write back.
      if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
        return at("is a number out of range");
      }
      if ((number.isBigInteger() || number.isBigDecimal())
          && number.asText().length() > maxNumberLength) {
        return at("is a number of more than " + maxNumberLength + " characters");
      }
      return Optional.empty();
    }

    /**
     * {@code problem} of the value at the current path, as a JSON Pointer (RFC 6901). The pointer
     * is made of the client's keys: it is cut short and its control characters are escaped, so that
     * it stays one short line in a log and fits in a gRPC status.
     */
    private Optional<String> at(String problem) {
      if (path.isEmpty()) {
        return Optional.of(problem);
      }
      StringBuilder pointer = new StringBuilder();
      for (String segment : path) {
        pointer.append('/').append(segment.replace("~", "~0").replace("/", "~1"));
        if (pointer.length() > MAX_POINTER_LENGTH) {
          pointer.setLength(MAX_POINTER_LENGTH);
          pointer.append('\u2026');
          break;
        }
      }
      StringBuilder printable = new StringBuilder("the value at ");
      pointer
          .codePoints()
          .forEach(
              c -> {
                if (Character.isISOControl(c)) {
                  printable.append(String.format(Locale.ROOT, "\\u%04x", c));
                } else {
                  printable.appendCodePoint(c);
                }
              });
      return Optional.of(printable.append(' ').append(problem).toString());
    }
  }
}
