package ai.maily.mesh.canvas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's working copy of a document: the ops change it one after the other, and it remembers
 * what they touched, so that the request's {@link CanvasChanges} are what it holds at the end.
 */
final class Draft {

  private final Map<String, Block> blocks = new LinkedHashMap<>();
  private Layers layers;
  private final Set<String> touchedBlocks = new LinkedHashSet<>();
  private final Set<LayerName> touchedLayers = EnumSet.noneOf(LayerName.class);

  Draft(CanvasDocument document) {
    document.blocks().forEach(b -> blocks.put(b.id(), b));
    layers = document.layers();
  }

  /** The block with this id now; null when there is none. */
  Block block(String id) {
    return blocks.get(id);
  }

  int size() {
    return blocks.size();
  }

  /** Every block now, in the canvas's order. */
  Collection<Block> blocks() {
    return blocks.values();
  }

  /** A block of {@code type} other than {@code exceptId}, if there is one. */
  Block other(BlockType type, String exceptId) {
    return blocks.values().stream()
        .filter(b -> b.type() == type && !b.id().equals(exceptId))
        .findFirst()
        .orElse(null);
  }

  void put(Block block) {
    blocks.put(block.id(), block);
    touchedBlocks.add(block.id());
  }

  void remove(String id) {
    blocks.remove(id);
    touchedBlocks.add(id);
  }

  Layer layer(LayerName name) {
    return layers.get(name);
  }

  void setLayer(LayerName name, Layer layer) {
    layers = layers.with(name, layer);
    touchedLayers.add(name);
  }

  CanvasChanges changes() {
    List<BlockChange> changed = new ArrayList<>();
    for (String id : touchedBlocks) {
      changed.add(BlockChange.of(id, blocks.get(id)));
    }
    Layers touched = Layers.NONE;
    for (LayerName name : touchedLayers) {
      touched = touched.with(name, layers.get(name));
    }
    return new CanvasChanges(changed, touched);
  }
}
