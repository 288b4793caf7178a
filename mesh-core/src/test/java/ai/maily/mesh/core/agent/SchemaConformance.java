package ai.maily.mesh.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * Checks agents' JSON Schemas, and JSON against them, with a full JSON Schema validator (draft
 * 2020-12 unless a schema's {@code $schema} names another draft).
 */
public final class SchemaConformance {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private SchemaConformance() {}

  /**
   * Where {@code instance} breaks {@code schema}, as {@code "/pointer: problem"}; empty if it
   * conforms.
   */
  public static List<String> violations(JsonNode schema, JsonNode instance) {
    return describe(REGISTRY.getSchema(schema).validate(instance));
  }

  /** Where {@code schema} breaks the meta-schema of its draft; empty if it is a valid schema. */
  public static List<String> schemaViolations(JsonNode schema) {
    String draft =
        SpecificationVersion.fromSchemaNode(schema)
            .orElse(SpecificationVersion.DRAFT_2020_12)
            .getDialectId();
    return describe(REGISTRY.getSchema(SchemaLocation.of(draft)).validate(schema));
  }

  private static List<String> describe(List<Error> errors) {
    return errors.stream().map(Error::toString).toList();
  }
}
