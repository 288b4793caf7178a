package ai.maily.mesh.agents.llm;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * An agent's output schema, compiled once, that says where a model's answer breaks it. Draft
 * 2020-12 unless the schema's {@code $schema} names another; nothing is ever fetched to resolve a
 * reference, so a schema refers only to itself.
 */
final class OutputSchema {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));

  /** How many problems a report names; the rest are counted. */
  static final int MAX_PROBLEMS = 10;

  private final Schema schema;

  OutputSchema(JsonNode schema) {
    this.schema = REGISTRY.getSchema(schema);
  }

  /**
   * The answer's problems, each {@code "<JSON pointer>: <what is wrong>"}: empty when {@code text}
   * is one JSON value that conforms to the schema.
   */
  List<String> problems(String text) {
    JsonNode answer;
    try {
      answer = Json.MAPPER.readTree(strippedOfFence(text));
    } catch (JsonProcessingException e) {
      return List.of("the answer is not JSON: " + e.getOriginalMessage());
    }
    if (answer == null || answer.isMissingNode()) {
      return List.of("the answer is empty");
    }
    return schema.validate(answer).stream().map(Error::toString).toList();
  }

  /** The answer as JSON; call only once {@link #problems} found none. */
  static JsonNode parse(String text) {
    try {
      return Json.MAPPER.readTree(strippedOfFence(text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer that was valid JSON is not", e);
    }
  }

  /** Up to {@link #MAX_PROBLEMS} of {@code problems}, joined, and how many more there are. */
  static String summary(List<String> problems) {
    String shown = String.join("; ", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
    int more = problems.size() - MAX_PROBLEMS;
    return more > 0 ? shown + "; and " + more + " more" : shown;
  }

  /**
   * {@code text} without a Markdown code fence around it: models asked for JSON often wrap it in
   * one, which says nothing about the JSON inside.
   */
  static String strippedOfFence(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("```") || !trimmed.endsWith("```") || trimmed.length() < 6) {
      return trimmed;
    }
    int firstLineEnd = trimmed.indexOf('\n');
    if (firstLineEnd < 0) {
      return trimmed;
    }
    return trimmed.substring(firstLineEnd + 1, trimmed.length() - 3).strip();
  }
}
