package ai.maily.mesh.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON against the subset of JSON Schema 2020-12 that the agents' schemas use. Any other
 * keyword throws, so a schema cannot grow a constraint that the tests silently skip.
 */
public final class SchemaConformance {

  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$defs", "title", "description");

  private SchemaConformance() {}

  /**
   * Where {@code instance} breaks {@code schema}, as {@code "$.path: problem"}; empty if it
   * conforms.
   */
  public static List<String> violations(JsonNode schema, JsonNode instance) {
    List<String> violations = new ArrayList<>();
    check(schema, schema, instance, "$", violations);
    return violations;
  }

  private static void check(
      JsonNode root, JsonNode schema, JsonNode instance, String path, List<String> violations) {
    for (Map.Entry<String, JsonNode> keyword : schema.properties()) {
      JsonNode value = keyword.getValue();
      switch (keyword.getKey()) {
        case "$ref" -> {
          String ref = value.asText();
          if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local refs are supported: " + ref);
          }
          JsonNode target = root.at(ref.substring(1));
          if (target.isMissingNode()) {
            violations.add(path + ": unresolved $ref " + ref);
          } else {
            check(root, target, instance, path, violations);
          }
        }
        case "type" -> {
          boolean matches = false;
          for (JsonNode type : value.isArray() ? value : List.of(value)) {
            matches |= hasType(instance, type.asText());
          }
          if (!matches) {
            violations.add(
                path + ": expected type " + value + " but was " + instance.getNodeType());
          }
        }
        case "enum" -> {
          boolean listed = false;
          for (JsonNode allowed : value) {
            listed |= allowed.equals(instance);
          }
          if (!listed) {
            violations.add(path + ": " + instance + " is not one of " + value);
          }
        }
        case "minimum" -> {
          if (instance.isNumber() && instance.decimalValue().compareTo(value.decimalValue()) < 0) {
            violations.add(path + ": " + instance + " < minimum " + value);
          }
        }
        case "maximum" -> {
          if (instance.isNumber() && instance.decimalValue().compareTo(value.decimalValue()) > 0) {
            violations.add(path + ": " + instance + " > maximum " + value);
          }
        }
        case "required" -> {
          if (instance.isObject()) {
            for (JsonNode name : value) {
              if (!instance.has(name.asText())) {
                violations.add(path + ": missing required " + name.asText());
              }
            }
          }
        }
        case "properties" -> {
          if (instance.isObject()) {
            for (Map.Entry<String, JsonNode> property : value.properties()) {
              JsonNode member = instance.get(property.getKey());
              if (member != null) {
                check(
                    root, property.getValue(), member, path + "." + property.getKey(), violations);
              }
            }
          }
        }
        case "additionalProperties" -> {
          if (instance.isObject()) {
            JsonNode declared = schema.path("properties");
            for (Map.Entry<String, JsonNode> member : instance.properties()) {
              if (declared.has(member.getKey())) {
                continue;
              }
              String memberPath = path + "." + member.getKey();
              if (value.isBoolean()) {
                if (!value.booleanValue()) {
                  violations.add(memberPath + ": not allowed");
                }
              } else {
                check(root, value, member.getValue(), memberPath, violations);
              }
            }
          }
        }
        case "items" -> {
          if (instance.isArray()) {
            for (int i = 0; i < instance.size(); i++) {
              check(root, value, instance.get(i), path + "[" + i + "]", violations);
            }
          }
        }
        default -> {
          if (!ANNOTATIONS.contains(keyword.getKey())) {
            throw new IllegalArgumentException("unsupported keyword " + keyword.getKey());
          }
        }
      }
    }
  }

  private static boolean hasType(JsonNode instance, String type) {
    return switch (type) {
      case "object" -> instance.isObject();
      case "array" -> instance.isArray();
      case "string" -> instance.isTextual();
      case "number" -> instance.isNumber();
      case "integer" -> instance.isIntegralNumber();
      case "boolean" -> instance.isBoolean();
      case "null" -> instance.isNull();
      default -> throw new IllegalArgumentException("unknown type " + type);
    };
  }
}
