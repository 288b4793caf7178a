package ai.maily.mesh.trust.tree;

import ai.maily.mesh.trust.hash.Hash;
import java.util.List;
import java.util.Objects;

/**
 * What appending a batch of leaves does to a tree: the sizes before and after, the new root, and
 * exactly the node hashes the batch completes, so a persistent writer can store those and nothing
 * else.
 *
 * @param previousSize tree size before the batch
 * @param size tree size after the batch
 * @param root tree root after the batch
 * @param nodes every node the batch completes, leaves included, in the order they complete
 */
public record BatchAppend(long previousSize, long size, Hash root, List<StoredNode> nodes) {

  /** Copies {@code nodes}. */
  public BatchAppend {
    Objects.requireNonNull(root, "root");
    nodes = List.copyOf(nodes);
  }
}
