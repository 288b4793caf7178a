package ai.maily.mesh.trust.proof;

import ai.maily.mesh.trust.hash.Hash;

/** A proof is well-formed but the root it leads to is not the root it was checked against. */
public final class RootMismatchException extends ProofException {

  private final Hash expected;
  private final Hash calculated;

  RootMismatchException(String root, Hash expected, Hash calculated) {
    super(
        "the proof leads to "
            + root
            + " "
            + calculated.base64()
            + " but the expected "
            + root
            + " is "
            + expected.base64());
    this.expected = expected;
    this.calculated = calculated;
  }

  /** The root the caller trusts, e.g. from a signed checkpoint. */
  public Hash expected() {
    return expected;
  }

  /** The root the proof actually leads to. */
  public Hash calculated() {
    return calculated;
  }
}
