package ai.maily.mesh.agents.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/** The form a language model's answer should take. */
public sealed interface AnswerFormat {

  /** Free text. */
  static AnswerFormat text() {
    return Text.INSTANCE;
  }

  /** Any one JSON object. */
  static AnswerFormat jsonObject() {
    return JsonObject.INSTANCE;
  }

  /**
   * One JSON object that conforms to {@code schema} (draft 2020-12); {@link StructuredOutput}
   * checks that it does.
   *
   * @param name names the schema to the server: letters, digits, underscores and dashes, at most 64
   */
  static AnswerFormat jsonSchema(String name, JsonNode schema) {
    return new JsonSchema(name, schema);
  }

  /** What the system message adds so that any server, whatever it enforces, knows the form. */
  String instruction();

  /** Free text: nothing to add. */
  enum Text implements AnswerFormat {
    INSTANCE;

    @Override
    public String instruction() {
      return "";
    }
  }

  /** Any JSON object. */
  enum JsonObject implements AnswerFormat {
    INSTANCE;

    @Override
    public String instruction() {
      return "Answer with one JSON object and nothing else.";
    }
  }

  /** A JSON object that conforms to a schema. */
  record JsonSchema(String name, JsonNode schema) implements AnswerFormat {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public JsonSchema {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "a schema's name is 1 to 64 letters, digits, '_' and '-', got '" + name + "'");
      }
      if (!schema.isObject()) {
        throw new IllegalArgumentException("a JSON Schema is an object");
      }
      schema = schema.deepCopy();
    }

    @Override
    public JsonNode schema() {
      return schema.deepCopy();
    }

    @Override
    public String instruction() {
      return "Answer with one JSON object and nothing else. It must conform to this JSON Schema:\n"
          + schema;
    }
  }
}
