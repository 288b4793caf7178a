package ai.maily.mesh.agents;

import ai.maily.mesh.core.agent.AgentFailure;
import ai.maily.mesh.core.agent.AgentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON value from an agent's step input together with its path, so that invalid input fails with
 * an {@link AgentFailure#invalidInput} that names the offending field (e.g. {@code
 * input.email.subject must be a string}).
 *
 * <p>JSON {@code null} counts as absent: clients often send {@code "replyTo": null} for "none".
 *
 * @param value the JSON value at {@code path}
 * @param path where the value sits, dotted from the task input ({@code input.email})
 */
public record InputNode(JsonNode value, String path) {

  /** The task input of a step: {@code request.input().input}. */
  public static InputNode taskInput(AgentRequest request) {
    JsonNode stepInput = request.input() == null ? MissingNode.getInstance() : request.input();
    return new InputNode(stepInput.path("input"), "input");
  }

  /** The object at {@code field}; fails if it is absent or not an object. */
  public InputNode requiredObject(String field) {
    return optionalObject(field).orElseThrow(() -> missing(field));
  }

  /** The object at {@code field}, if present; fails if it is present but not an object. */
  public Optional<InputNode> optionalObject(String field) {
    return present(field).map(node -> requireObject(node, pathOf(field)));
  }

  /** The string at {@code field}; fails if it is absent or not a string. */
  public String requiredText(String field) {
    return optionalText(field).orElseThrow(() -> missing(field));
  }

  /** The string at {@code field}, if present; fails if it is present but not a string. */
  public Optional<String> optionalText(String field) {
    return present(field).map(node -> requireText(node, pathOf(field)));
  }

  /**
   * The integer at {@code field}, if present; fails if it is present but not an integer (a number
   * with a fraction or beyond a long's range counts as not an integer).
   */
  public Optional<Long> optionalLong(String field) {
    return present(field)
        .map(
            node -> {
              if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw AgentFailure.invalidInput(pathOf(field) + " must be an integer");
              }
              return node.longValue();
            });
  }

  /** The strings of the array at {@code field}; empty if the field is absent. */
  public List<String> texts(String field) {
    List<String> texts = new ArrayList<>();
    JsonNode array = array(field);
    for (int i = 0; i < array.size(); i++) {
      texts.add(requireText(array.get(i), pathOf(field) + "[" + i + "]"));
    }
    return texts;
  }

  /** The objects of the array at {@code field}; empty if the field is absent. */
  public List<InputNode> objects(String field) {
    List<InputNode> objects = new ArrayList<>();
    JsonNode array = array(field);
    for (int i = 0; i < array.size(); i++) {
      objects.add(requireObject(array.get(i), pathOf(field) + "[" + i + "]"));
    }
    return objects;
  }

  /**
   * The object at {@code field} as a map from name to text, in input order; empty if absent.
   * Numbers and booleans are accepted as their text, since audience data often carries them.
   */
  public Map<String, String> scalars(String field) {
    Map<String, String> scalars = new LinkedHashMap<>();
    Optional<InputNode> object = optionalObject(field);
    if (object.isEmpty()) {
      return scalars;
    }
    for (Map.Entry<String, JsonNode> entry : object.get().value().properties()) {
      JsonNode scalar = entry.getValue();
      if (scalar.isNull()) {
        continue;
      }
      if (!scalar.isValueNode()) {
        throw AgentFailure.invalidInput(
            object.get().pathOf(entry.getKey()) + " must be a string, number or boolean");
      }
      scalars.put(entry.getKey(), scalar.asText());
    }
    return scalars;
  }

  private JsonNode array(String field) {
    Optional<JsonNode> node = present(field);
    if (node.isPresent() && !node.get().isArray()) {
      throw AgentFailure.invalidInput(pathOf(field) + " must be an array");
    }
    return node.orElseGet(MissingNode::getInstance);
  }

  private Optional<JsonNode> present(String field) {
    JsonNode node = value.path(field);
    return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node);
  }

  private AgentFailure missing(String field) {
    return AgentFailure.invalidInput(pathOf(field) + " is required");
  }

  private String pathOf(String field) {
    return path + "." + field;
  }

  private static InputNode requireObject(JsonNode node, String path) {
    if (!node.isObject()) {
      throw AgentFailure.invalidInput(path + " must be an object");
    }
    return new InputNode(node, path);
  }

  private static String requireText(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw AgentFailure.invalidInput(path + " must be a string");
    }
    return node.textValue();
  }
}
