package ai.maily.mesh.canvas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The overlays a canvas shows over its blocks, each derived from the mesh's events. */
public enum LayerName {
  /** Why the agents suggested what they did. */
  @JsonProperty("aiReasoning")
  AI_REASONING("aiReasoning"),
  /** Predicted opens and clicks. */
  @JsonProperty("performance")
  PERFORMANCE("performance"),
  /** Compliance and certification status. */
  @JsonProperty("trust")
  TRUST("trust");

  private final String wireName;

  LayerName(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<LayerName> fromWireName(String name) {
    return Arrays.stream(values()).filter(l -> l.wireName.equals(name)).findFirst();
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(LayerName::wireName).toList();
  }
}
