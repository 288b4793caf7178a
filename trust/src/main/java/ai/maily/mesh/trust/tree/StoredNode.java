package ai.maily.mesh.trust.tree;

import ai.maily.mesh.trust.hash.Hash;
import java.util.Objects;

/**
 * The hash of one complete subtree at its {@code (level, index)} address: what a {@link NodeStore}
 * persists.
 */
public record StoredNode(int level, long index, Hash hash) {

  /** Validates the address; see {@link NodeStore} for the addressing scheme. */
  public StoredNode {
    NodeStore.checkAddress(level, index);
    Objects.requireNonNull(hash, "hash");
  }
}
