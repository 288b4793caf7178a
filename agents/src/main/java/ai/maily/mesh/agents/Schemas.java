package ai.maily.mesh.agents;

import ai.maily.mesh.core.agent.TypedAgent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The agents' JSON Schemas (draft 2020-12), read from {@code /schemas/} on the class path. */
public final class Schemas {

  private Schemas() {}

  /** The schema in {@code /schemas/<fileName>}. */
  public static JsonNode load(String fileName) {
    return TypedAgent.readSchema(Schemas.class, "/schemas/" + fileName);
  }

  /**
   * A schema (an input schema, or an output that carries an email) that refers to {@code
   * #/$defs/email}, with the shared email schema put there. Every agent reads the same email shape,
   * so it is written once in {@code email.json}; embedding it keeps each agent's schema
   * self-contained for clients that do not resolve external refs.
   */
  public static JsonNode inputWithEmail(String fileName) {
    ObjectNode schema = (ObjectNode) load(fileName);
    schema.withObjectProperty("$defs").set("email", load("email.json"));
    return schema;
  }
}
