package ai.maily.mesh.canvas;

import java.util.List;

/**
 * What one request changed, as its result: every block it touched as it is now (or deleted), and
 * every layer it touched. A client applies it without knowing what the ops mean: put each block by
 * its id (appending a new one), remove the deleted ones, replace the layers given.
 *
 * @param blocks the touched blocks, in the order they were first touched
 * @param layers the touched layers; the others are null
 */
public record CanvasChanges(List<BlockChange> blocks, Layers layers) {

  public CanvasChanges {
    blocks = List.copyOf(blocks);
    layers = layers == null ? Layers.NONE : layers;
  }
}
