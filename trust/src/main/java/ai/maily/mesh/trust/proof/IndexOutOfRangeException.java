package ai.maily.mesh.trust.proof;

/** A leaf index is not in {@code [0, treeSize)}. */
public final class IndexOutOfRangeException extends ProofException {

  private final long index;
  private final long treeSize;

  IndexOutOfRangeException(long index, long treeSize) {
    super("leaf index " + index + " is not in a tree of size " + treeSize);
    this.index = index;
    this.treeSize = treeSize;
  }

  /** The offending 0-based leaf index. */
  public long index() {
    return index;
  }

  /** The tree size it was checked against. */
  public long treeSize() {
    return treeSize;
  }
}
