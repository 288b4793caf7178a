package ai.maily.mesh.trust.proof;

/** A proof has more or fewer hashes than its index and tree sizes call for. */
public final class InvalidProofSizeException extends ProofException {

  private final int expected;
  private final int actual;

  InvalidProofSizeException(String proof, int expected, int actual) {
    super(proof + " must have " + hashes(expected) + " but has " + actual);
    this.expected = expected;
    this.actual = actual;
  }

  private static String hashes(int count) {
    return count == 1 ? "1 hash" : count + " hashes";
  }

  /** Number of hashes the proof must have. */
  public int expected() {
    return expected;
  }

  /** Number of hashes it has. */
  public int actual() {
    return actual;
  }
}
