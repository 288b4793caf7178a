package ai.maily.mesh.canvas;

import ai.maily.mesh.core.JsonLimits;
import com.typesafe.config.Config;

/**
 * The limits and depths of canvases ({@code mesh.canvas}), read once.
 *
 * @param maxBlocks the most blocks a canvas holds
 * @param maxTextLength the longest text (and image alt) of a block
 * @param maxTitleLength the longest title
 * @param maxUrlLength the longest image source or button link
 * @param maxOps the most ops in one request
 * @param maxCoordinate the bound of positions, sizes and z
 * @param undoDepth how many changes each user can undo, and redo
 * @param history how many versions' changes a canvas keeps for conflicts
 * @param asksKept how many asked tasks the view lists
 * @param snapshotEvery events between snapshots
 * @param listPage canvases per page of a tenant's list
 * @param json what the journal can store
 */
public record CanvasSettings(
    int maxBlocks,
    int maxTextLength,
    int maxTitleLength,
    int maxUrlLength,
    int maxOps,
    double maxCoordinate,
    int undoDepth,
    int history,
    int asksKept,
    int snapshotEvery,
    int listPage,
    JsonLimits json) {

  /** The settings under {@code mesh.canvas} of a system's whole configuration. */
  public static CanvasSettings fromConfig(Config config) {
    Config canvas = config.getConfig("mesh.canvas");
    return new CanvasSettings(
        canvas.getInt("max-blocks"),
        canvas.getInt("max-text-length"),
        canvas.getInt("max-title-length"),
        canvas.getInt("max-url-length"),
        canvas.getInt("max-ops"),
        canvas.getDouble("max-coordinate"),
        canvas.getInt("undo-depth"),
        canvas.getInt("history"),
        canvas.getInt("asks-kept"),
        canvas.getInt("snapshot-every"),
        canvas.getInt("list-page"),
        JsonLimits.fromConfig(config));
  }
}
