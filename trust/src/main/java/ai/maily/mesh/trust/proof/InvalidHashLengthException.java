package ai.maily.mesh.trust.proof;

import ai.maily.mesh.trust.hash.Hash;

/** A leaf hash, root or proof hash is not exactly {@value Hash#SIZE} bytes long. */
public final class InvalidHashLengthException extends ProofException {

  private final String hash;
  private final int length;

  InvalidHashLengthException(String hash, int length) {
    super(hash + " must be " + Hash.SIZE + " bytes but is " + length + " bytes");
    this.hash = hash;
    this.length = length;
  }

  /** Which input was wrong, e.g. {@code "root1"} or {@code "proof[2]"}. */
  public String hash() {
    return hash;
  }

  /** Its length in bytes. */
  public int length() {
    return length;
  }
}
