package ai.maily.mesh.canvas;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of a canvas by name. A canvas has all three; the layers of a change hold only those it
 * touched, the others null (and absent from its JSON).
 */
public record Layers(Layer aiReasoning, Layer performance, Layer trust) {

  /** A new canvas's layers: all shown, opaque. */
  public static final Layers DEFAULT = new Layers(Layer.SHOWN, Layer.SHOWN, Layer.SHOWN);

  /** No layer: the layers of a change that touched none. */
  public static final Layers NONE = new Layers(null, null, null);

  /** The layer named {@code name}; null when this holds none of that name. */
  public Layer get(LayerName name) {
    return switch (name) {
      case AI_REASONING -> aiReasoning;
      case PERFORMANCE -> performance;
      case TRUST -> trust;
    };
  }

  public Layers with(LayerName name, Layer layer) {
    return switch (name) {
      case AI_REASONING -> new Layers(layer, performance, trust);
      case PERFORMANCE -> new Layers(aiReasoning, layer, trust);
      case TRUST -> new Layers(aiReasoning, performance, layer);
    };
  }

  /** These layers with each of {@code changed}'s in place of the one of its name. */
  public Layers overlaid(Layers changed) {
    Layers result = this;
    for (LayerName name : changed.names()) {
      result = result.with(name, changed.get(name));
    }
    return result;
  }

  /** The names of the layers held here. */
  public List<LayerName> names() {
    List<LayerName> names = new ArrayList<>();
    for (LayerName name : LayerName.values()) {
      if (get(name) != null) {
        names.add(name);
      }
    }
    return names;
  }
}
