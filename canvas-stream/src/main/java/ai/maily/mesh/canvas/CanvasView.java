package ai.maily.mesh.canvas;

import java.time.Instant;
import java.util.List;

/**
 * A canvas as clients see it ({@code GET /canvases/{id}}, the WebSocket's snapshot).
 *
 * @param version how many requests have changed the canvas; an op names it as its base
 * @param seq how many events the canvas has written: the position in its event stream that this
 *     view includes
 * @param asks the tasks asked from the canvas, newest last (the most recent {@code
 *     mesh.canvas.asks-kept})
 */
public record CanvasView(
    String canvasId,
    String title,
    long version,
    long seq,
    List<Block> blocks,
    Layers layers,
    Instant createdAt,
    String createdBy,
    Instant updatedAt,
    List<Ask> asks) {

  /** A task asked from the canvas about one block: one agent or a playbook. */
  public record Ask(
      String taskId, String blockId, String agent, String playbook, String by, Instant at) {}

  public CanvasView {
    blocks = List.copyOf(blocks);
    asks = List.copyOf(asks);
  }
}
