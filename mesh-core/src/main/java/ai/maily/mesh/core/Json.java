package ai.maily.mesh.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.TreeMap;

/** The JSON mapping of the public APIs: ISO-8601 instants, absent fields omitted. */
public final class Json {

  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + value.getClass().getSimpleName(), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** JSON with object keys sorted at every level: equal documents give equal text. */
  public static String canonical(JsonNode node) {
    if (node == null) {
      return "null";
    }
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      node.properties().forEach(field -> sorted.put(field.getKey(), field.getValue()));
      sorted.forEach(
          (key, value) -> {
            if (out.length() > 1) {
              out.append(',');
            }
            out.append(TextNode.valueOf(key)).append(':').append(canonical(value));
          });
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "" : ",").append(canonical(node.get(i)));
      }
      return out.append(']').toString();
    }
    return node.toString();
  }
}
