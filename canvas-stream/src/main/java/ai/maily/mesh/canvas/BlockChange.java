package ai.maily.mesh.canvas;

import java.util.Objects;

/**
 * What a request left of one block it touched: the block as it is now, or that it was deleted.
 *
 * @param block the block after the request; null when {@code deleted}
 */
public record BlockChange(String blockId, Block block, boolean deleted) {

  public BlockChange {
    Objects.requireNonNull(blockId, "blockId");
    if (deleted != (block == null)) {
      throw new IllegalArgumentException("a change holds its block unless it deleted it");
    }
  }

  public static BlockChange of(String blockId, Block block) {
    return new BlockChange(blockId, block, block == null);
  }
}
