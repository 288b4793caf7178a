package ai.maily.mesh.trust.log;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the log writer batches and serves, read once from {@code mesh.trust}.
 *
 * @param origin the log's name, on every checkpoint and its signing key
 * @param batchSize most entries in one batch
 * @param batchWindow longest a batch waits for more entries after its first
 * @param snapshotEvery batches between snapshots of the entity's state
 * @param maxLeavesPage most leaves one page of {@code leaves(start, end)} returns
 * @param nodeCacheChunks complete node chunks kept in memory
 */
public record LogSettings(
    String origin,
    int batchSize,
    Duration batchWindow,
    int snapshotEvery,
    int maxLeavesPage,
    long nodeCacheChunks) {

  /**
   * Validates the ranges.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public LogSettings {
    if (batchSize < 1 || batchSize > 65_536) {
      throw new IllegalArgumentException("mesh.trust.batch-size must be in [1, 65536]");
    }
    if (batchWindow.isNegative() || batchWindow.isZero()) {
      throw new IllegalArgumentException("mesh.trust.batch-window must be positive");
    }
    if (snapshotEvery < 1 || maxLeavesPage < 1 || nodeCacheChunks < 1) {
      throw new IllegalArgumentException(
          "mesh.trust.snapshot-every, max-leaves-page and node-cache-chunks must be positive");
    }
  }

  /** Reads the {@code mesh.trust} section. */
  public static LogSettings fromConfig(Config trust) {
    return new LogSettings(
        trust.getString("origin"),
        trust.getInt("batch-size"),
        trust.getDuration("batch-window"),
        trust.getInt("snapshot-every"),
        trust.getInt("max-leaves-page"),
        trust.getLong("node-cache-chunks"));
  }
}
