package ai.maily.mesh.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      {"type": "object", "required": ["n"], "additionalProperties": false,
       "properties": {
         "n": {"type": "integer", "minimum": 0, "maximum": 10},
         "tags": {"type": "array", "items": {"$ref": "#/$defs/tag"}}},
       "$defs": {"tag": {"type": "string", "enum": ["a", "b"]}}}
      """;

  @Test
  void acceptsConformingJson() throws Exception {
    assertThat(violations("{\"n\": 3, \"tags\": [\"a\", \"b\"]}")).isEmpty();
  }

  @Test
  void reportsEveryKindOfViolation() throws Exception {
    assertThat(violations("{\"n\": 11, \"tags\": [\"c\", 1], \"x\": true}"))
        .containsExactlyInAnyOrder(
            "$.n: 11 > maximum 10",
            "$.tags[0]: \"c\" is not one of [\"a\",\"b\"]",
            "$.tags[1]: expected type \"string\" but was NUMBER",
            "$.tags[1]: 1 is not one of [\"a\",\"b\"]",
            "$.x: not allowed");
    assertThat(violations("{\"n\": 1.5}"))
        .containsExactly("$.n: expected type \"integer\" but was NUMBER");
    assertThat(violations("{}")).containsExactly("$: missing required n");
  }

  @Test
  void refusesKeywordsItCannotCheck() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\": \"string\", \"pattern\": \"^a\"}");
    assertThatThrownBy(() -> SchemaConformance.violations(schema, JSON.readTree("\"b\"")))
        .hasMessageContaining("pattern");
  }

  private static List<String> violations(String instance) throws Exception {
    return SchemaConformance.violations(JSON.readTree(SCHEMA), JSON.readTree(instance));
  }
}
