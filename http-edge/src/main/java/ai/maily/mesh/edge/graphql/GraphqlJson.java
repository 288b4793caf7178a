package ai.maily.mesh.edge.graphql;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of GraphQL results: {@link Json}'s mapping, but keeping nulls, which the API's other
 * documents omit and a GraphQL result must show (a field selected and null is {@code null}, never
 * absent).
 */
final class GraphqlJson {

  private static final ObjectMapper MAPPER =
      Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

  private GraphqlJson() {}

  static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }

  static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }
}
