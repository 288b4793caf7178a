package ai.maily.mesh.core.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaConformanceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SCHEMA =
      """
      {"$schema": "https://json-schema.org/draft/2020-12/schema",
       "type": "object", "required": ["n"], "additionalProperties": false,
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
  void reportsEveryViolationWithItsLocation() throws Exception {
    assertThat(violations("{\"n\": 11, \"tags\": [\"c\", 1], \"x\": true}"))
        .hasSize(5)
        .anySatisfy(v -> assertThat(v).startsWith("/n: "))
        .anySatisfy(v -> assertThat(v).startsWith("/tags/0: "))
        .anySatisfy(v -> assertThat(v).startsWith("/tags/1: "))
        .anySatisfy(v -> assertThat(v).contains("'x'"));
    assertThat(violations("{\"n\": 1.5}")).singleElement().asString().startsWith("/n: ");
    assertThat(violations("{}")).singleElement().asString().contains("'n'");
  }

  @Test
  void checksKeywordsBeyondTheOnesOurSchemasUseToday() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\": \"string\", \"pattern\": \"^a\"}");

    assertThat(SchemaConformance.violations(schema, JSON.readTree("\"abc\""))).isEmpty();
    assertThat(SchemaConformance.violations(schema, JSON.readTree("\"b\""))).hasSize(1);
  }

  @Test
  void acceptsAValidSchemaAndRejectsAMalformedOne() throws Exception {
    assertThat(SchemaConformance.schemaViolations(JSON.readTree(SCHEMA))).isEmpty();
    assertThat(
            SchemaConformance.schemaViolations(
                JSON.readTree("{\"type\": \"objekt\", \"required\": \"n\"}")))
        .isNotEmpty()
        .anySatisfy(v -> assertThat(v).startsWith("/type: "))
        .anySatisfy(v -> assertThat(v).startsWith("/required: "));
  }

  private static List<String> violations(String instance) throws Exception {
    return SchemaConformance.violations(JSON.readTree(SCHEMA), JSON.readTree(instance));
  }
}
