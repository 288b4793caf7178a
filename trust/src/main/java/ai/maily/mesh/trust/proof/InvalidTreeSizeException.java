package ai.maily.mesh.trust.proof;

/**
 * Tree sizes that no proof can relate: a negative size, a first size larger than the second, a
 * consistency proof from the empty tree, or a size larger than the log.
 */
public final class InvalidTreeSizeException extends ProofException {

  InvalidTreeSizeException(String message) {
    super(message);
  }
}
