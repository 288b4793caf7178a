package ai.maily.mesh.trust.checkpoint;

import java.util.HexFormat;

/**
 * A signature from a trusted key does not verify: the note was altered or forged, so the whole note
 * is rejected even if other signatures verify.
 */
public final class InvalidSignatureException extends NoteException {

  private final String keyName;
  private final int keyId;

  InvalidSignatureException(String keyName, int keyId) {
    super(
        "the signature by trusted key "
            + keyName
            + "+"
            + HexFormat.of().toHexDigits(keyId)
            + " does not verify");
    this.keyName = keyName;
    this.keyId = keyId;
  }

  /** Name of the key whose signature failed. */
  public String keyName() {
    return keyName;
  }

  /** Its key ID. */
  public int keyId() {
    return keyId;
  }
}
