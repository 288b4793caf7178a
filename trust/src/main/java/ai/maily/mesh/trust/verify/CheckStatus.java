package ai.maily.mesh.trust.verify;

/** The outcome of one check. */
public enum CheckStatus {
  /** The check was made and holds. */
  PASS("passed"),
  /** The check was made and does not hold. */
  FAIL("failed"),
  /** The check could not be made (no content given, log unreachable, offline): never a failure. */
  UNKNOWN("couldn't check");

  private final String words;

  CheckStatus(String words) {
    this.words = words;
  }

  /** How a person reads it: "passed", "failed", "couldn't check". */
  public String words() {
    return words;
  }
}
