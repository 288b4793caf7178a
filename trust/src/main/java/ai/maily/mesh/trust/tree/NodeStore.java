package ai.maily.mesh.trust.tree;

import ai.maily.mesh.trust.hash.Hash;
import java.util.Optional;

/**
 * Storage for the hashes of complete subtrees, so the tree can live in memory, in a journal or in a
 * database table.
 *
 * <p>Node {@code (level, index)} is the root of the perfect subtree over leaves {@code [index *
 * 2^level, (index + 1) * 2^level)}; leaves are level 0. Only complete subtrees are ever stored, so
 * a stored hash never changes: appending leaves only adds nodes.
 *
 * <pre>
 *   level 2:              (2,0)
 *                     /           \
 *   level 1:      (1,0)            (1,1)           (1,2)
 *                /     \          /     \         /     \
 *   level 0:  (0,0)   (0,1)   (0,2)   (0,3)   (0,4)   (0,5)   (0,6)
 *   leaf:       0       1       2       3       4       5       6
 * </pre>
 *
 * <p>In a tree of 7 leaves the root {@code H((2,0), H((1,2), (0,6)))} and its right child are not
 * stored: they change when leaves are appended and are recomputed from the stored nodes.
 *
 * <p>Implementations are not required to be thread-safe; the tree that owns a store is the only
 * writer.
 */
public interface NodeStore {

  /** Highest level a 64-bit tree can have. */
  int MAX_LEVEL = 63;

  /**
   * Returns the hash stored at {@code (level, index)}, or empty if that node has not been stored.
   */
  Optional<Hash> get(int level, long index);

  /**
   * Stores the hash of node {@code (level, index)}.
   *
   * @throws IllegalStateException if a different hash is already stored at that address
   */
  void put(int level, long index, Hash hash);

  /**
   * Rejects addresses outside the 64-bit tree.
   *
   * @throws IllegalArgumentException unless {@code 0 <= level <= 63} and {@code 0 <= index < 2^(63
   *     - level)}
   */
  static void checkAddress(int level, long index) {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("level " + level + " is outside [0, " + MAX_LEVEL + "]");
    }
    if (index < 0 || index > (Long.MAX_VALUE >>> level)) {
      throw new IllegalArgumentException(
          "index " + index + " is outside the 64-bit tree at level " + level);
    }
  }
}
