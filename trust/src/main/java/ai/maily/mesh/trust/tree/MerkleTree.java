package ai.maily.mesh.trust.tree;

import ai.maily.mesh.trust.hash.Hash;
import ai.maily.mesh.trust.hash.Hashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An append-only RFC 9162 Merkle tree over a {@link NodeStore} of complete-subtree hashes.
 *
 * <p>Addressing (see {@link NodeStore}): node {@code (level, index)} covers leaves {@code [index *
 * 2^level, (index + 1) * 2^level)}; sizes and indices are 64-bit and 0-based. A tree of size {@code
 * n} is covered by one perfect subtree per set bit of {@code n} (its compact range); every other
 * node RFC 9162 needs, such as the root, lies on the right edge and is rebuilt from those:
 *
 * <pre>
 *   size 6 = 0b110: perfect subtrees (2,0) and (1,2)
 *
 *                        H((2,0), (1,2))        root of size 6: ephemeral, never stored
 *                       /               \
 *   level 2:        (2,0)                \
 *                  /     \                \
 *   level 1:    (1,0)     (1,1)           (1,2)
 *               /   \     /   \           /   \
 *   level 0:  (0,0) (0,1) (0,2) (0,3)   (0,4) (0,5)
 *   leaf:       0     1     2     3       4     5
 * </pre>
 *
 * <p>The tree keeps the compact range of its current size in memory (at most 64 hashes), so
 * appending a leaf costs O(1) amortised hashing and no store reads; {@link #root(long)} and {@link
 * #subtreeHash(long, long)} for earlier sizes read O(log n) stored nodes.
 *
 * <p>Not thread-safe: one writer owns a tree.
 */
public final class MerkleTree {

  private final NodeStore store;
  private long size;

  /** Root of the perfect subtree at each level whose bit is set in {@link #size}. */
  private final Hash[] compactRange = new Hash[NodeStore.MAX_LEVEL + 1];

  /**
   * Opens the tree of {@code size} leaves held in {@code store}; use size 0 for a new, empty store.
   *
   * @throws IllegalArgumentException if {@code size} is negative
   * @throws IllegalStateException if the store lacks a node that a tree of {@code size} leaves must
   *     have stored
   */
  public MerkleTree(NodeStore store, long size) {
    this.store = Objects.requireNonNull(store, "store");
    if (size < 0) {
      throw new IllegalArgumentException("tree size must not be negative: " + size);
    }
    this.size = size;
    for (int level = 0; level <= NodeStore.MAX_LEVEL; level++) {
      if (hasPerfectSubtreeAt(size, level)) {
        compactRange[level] = read(level, (size >>> level) - 1);
      }
    }
  }

  /** Number of leaves. */
  public long size() {
    return size;
  }

  /** Root of the current tree; {@link Hashes#emptyRoot()} when empty. */
  public Hash root() {
    return rootOf(compactRange, size);
  }

  /**
   * Root of the tree as it was at {@code treeSize} leaves.
   *
   * @throws IllegalArgumentException unless {@code 0 <= treeSize <= size()}
   */
  public Hash root(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException("tree size " + treeSize + " is outside [0, " + size + "]");
    }
    if (treeSize == size) {
      return root();
    }
    return treeSize == 0 ? Hashes.emptyRoot() : subtreeHash(0, treeSize);
  }

  /**
   * Hash of leaf {@code index}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size()}
   */
  public Hash leafHash(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("leaf " + index + " is outside [0, " + size + ")");
    }
    return read(0, index);
  }

  /**
   * {@code MTH(D[begin:end])} as RFC 9162 defines it for the subtrees its proofs refer to: the
   * range must start at a multiple of the smallest power of two {@code >= end - begin}, which every
   * range in the RFC's recursive split of {@code [0, n)} does. Such a range is the fold of at most
   * 64 stored perfect subtrees, so this reads O(log n) nodes.
   *
   * @throws IllegalArgumentException unless {@code 0 <= begin < end <= size()} and the range is
   *     aligned as above
   */
  public Hash subtreeHash(long begin, long end) {
    if (begin < 0 || begin >= end || end > size) {
      throw new IllegalArgumentException(
          "range [" + begin + ", " + end + ") is empty or outside [0, " + size + ")");
    }
    long width = end - begin;
    long alignment = width == 1 ? 1 : Long.highestOneBit(width - 1) << 1;
    if ((begin & (alignment - 1)) != 0) {
      throw new IllegalArgumentException(
          "range [" + begin + ", " + end + ") is not a subtree of any RFC 9162 tree");
    }
    Hash hash = null;
    long perfectEnd = end;
    for (int level = 0; level <= NodeStore.MAX_LEVEL; level++) {
      if (hasPerfectSubtreeAt(width, level)) {
        perfectEnd -= 1L << level;
        Hash perfect = read(level, perfectEnd >>> level);
        hash = hash == null ? perfect : Hashes.nodeHash(perfect, hash);
      }
    }
    return hash;
  }

  /**
   * Appends leaves (given as leaf hashes, {@link Hashes#leafHash(byte[])}), stores the nodes they
   * complete and returns them.
   *
   * @throws IllegalStateException if the tree would exceed {@link Long#MAX_VALUE} leaves
   */
  public BatchAppend append(List<Hash> leafHashes) {
    Hash[] range = compactRange.clone();
    BatchAppend batch = grow(leafHashes, range);
    for (StoredNode node : batch.nodes()) {
      store.put(node.level(), node.index(), node.hash());
    }
    System.arraycopy(range, 0, compactRange, 0, range.length);
    size = batch.size();
    return batch;
  }

  /**
   * What {@link #append(List)} would do, without storing anything: lets an event-sourced writer
   * sign the new root before it persists the batch.
   *
   * @throws IllegalStateException if the tree would exceed {@link Long#MAX_VALUE} leaves
   */
  public BatchAppend previewAppend(List<Hash> leafHashes) {
    return grow(leafHashes, compactRange.clone());
  }

  /** Appends to {@code range}, the compact range of the current size, in place. */
  private BatchAppend grow(List<Hash> leafHashes, Hash[] range) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    if (leafHashes.size() > Long.MAX_VALUE - size) {
      throw new IllegalStateException("a 64-bit tree cannot grow past " + Long.MAX_VALUE);
    }
    List<StoredNode> nodes = new ArrayList<>(2 * leafHashes.size() + NodeStore.MAX_LEVEL);
    long treeSize = size;
    for (Hash leafHash : leafHashes) {
      Objects.requireNonNull(leafHash, "leafHash");
      Hash hash = leafHash;
      int level = 0;
      long index = treeSize;
      nodes.add(new StoredNode(level, index, hash));
      // A right child completes its parent, whose left child is the perfect subtree the compact
      // range holds at this level: carry upwards like binary addition.
      while ((index & 1) == 1) {
        hash = Hashes.nodeHash(range[level], hash);
        range[level] = null;
        level++;
        index >>>= 1;
        nodes.add(new StoredNode(level, index, hash));
      }
      range[level] = hash;
      treeSize++;
    }
    return new BatchAppend(size, treeSize, rootOf(range, treeSize), nodes);
  }

  private static Hash rootOf(Hash[] range, long treeSize) {
    Hash root = null;
    for (int level = 0; level <= NodeStore.MAX_LEVEL; level++) {
      if (hasPerfectSubtreeAt(treeSize, level)) {
        root = root == null ? range[level] : Hashes.nodeHash(range[level], root);
      }
    }
    return root == null ? Hashes.emptyRoot() : root;
  }

  private static boolean hasPerfectSubtreeAt(long treeSize, int level) {
    return ((treeSize >>> level) & 1) == 1;
  }

  private Hash read(int level, long index) {
    return store
        .get(level, index)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "node ("
                        + level
                        + ", "
                        + index
                        + ") is missing from the store of a tree of size "
                        + size));
  }
}
