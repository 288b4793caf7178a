package ai.maily.mesh.trust.verify;

import java.util.Objects;

/**
 * The outcome of one verification check.
 *
 * @param name which check: one of the constants below
 * @param status pass, fail or couldn't check
 * @param detail one or two sentences saying what was compared and what was found
 */
public record Check(String name, CheckStatus status, String detail) {

  /** The email or content hashes to the certificate's content hash. */
  public static final String CONTENT_HASH = "content-hash";

  /** The certificate's checkpoint is signed by the log's key. */
  public static final String CHECKPOINT_SIGNATURE = "checkpoint-signature";

  /** The certificate's entry is in the tree its checkpoint commits to. */
  public static final String INCLUSION = "inclusion";

  /** The log's newest checkpoint extends the certificate's checkpoint. */
  public static final String CONSISTENCY = "consistency";

  /** The log holds no revocation of the certificate. */
  public static final String REVOCATION = "revocation";

  /** Requires every field. */
  public Check {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  static Check pass(String name, String detail) {
    return new Check(name, CheckStatus.PASS, detail);
  }

  static Check fail(String name, String detail) {
    return new Check(name, CheckStatus.FAIL, detail);
  }

  static Check unknown(String name, String detail) {
    return new Check(name, CheckStatus.UNKNOWN, detail);
  }
}
