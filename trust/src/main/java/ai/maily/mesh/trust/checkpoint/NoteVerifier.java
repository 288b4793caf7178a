package ai.maily.mesh.trust.checkpoint;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A trusted Ed25519 public key with its name, which checks signed-note signatures; written as the
 * verifier key string {@code name+hex8(keyId)+base64(0x01 || publicKey)}.
 */
public final class NoteVerifier {

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final PublicKey jdkKey;

  private NoteVerifier(String name, byte[] publicKey) {
    NoteSignature.requireValidKeyName(name);
    if (publicKey.length != Ed25519Keys.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is " + Ed25519Keys.KEY_SIZE + " bytes, got " + publicKey.length);
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = Ed25519Keys.keyId(name, this.publicKey);
    this.jdkKey = Ed25519Keys.publicKey(this.publicKey);
  }

  /**
   * The verifier for a raw 32-byte Ed25519 public key.
   *
   * @throws IllegalArgumentException if the name or key is invalid
   */
  public static NoteVerifier of(String name, byte[] publicKey) {
    return new NoteVerifier(name, Objects.requireNonNull(publicKey, "publicKey"));
  }

  /**
   * The verifier for a JDK Ed25519 public key.
   *
   * @throws IllegalArgumentException if the name is invalid or the key is not Ed25519
   */
  public static NoteVerifier of(String name, PublicKey publicKey) {
    return new NoteVerifier(name, Ed25519Keys.rawPublicKey(publicKey));
  }

  /**
   * Parses a verifier key string such as {@code
   * PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW}.
   *
   * @throws IllegalArgumentException if the string is malformed, is not an Ed25519 key, or its key
   *     ID does not match its name and key
   */
  public static NoteVerifier parse(String verifierKey) {
    Objects.requireNonNull(verifierKey, "verifierKey");
    // Names cannot contain '+', but base64 can: only the first two are separators.
    String[] parts = verifierKey.split("\\+", 3);
    if (parts.length != 3 || parts[1].length() != 8 || !isHex(parts[1])) {
      throw new IllegalArgumentException(
          "a verifier key is name+hex8+base64, got \"" + verifierKey + "\"");
    }
    byte[] key = NoteSignature.decode(parts[2]);
    if (key.length == 0 || key[0] != Ed25519Keys.SIGNATURE_TYPE) {
      throw new IllegalArgumentException("not an Ed25519 verifier key: " + verifierKey);
    }
    NoteVerifier verifier = new NoteVerifier(parts[0], Arrays.copyOfRange(key, 1, key.length));
    if (verifier.keyId != HexFormat.fromHexDigits(parts[1])) {
      throw new IllegalArgumentException(
          "key ID "
              + parts[1]
              + " does not match the name and key, which give "
              + HexFormat.of().toHexDigits(verifier.keyId));
    }
    return verifier;
  }

  /** The key's name, which signature lines carry. */
  public String name() {
    return name;
  }

  /** {@code SHA-256(name || 0x0A || 0x01 || publicKey)[:4]}, big-endian. */
  public int keyId() {
    return keyId;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@code name+hex8(keyId)+base64(0x01 || publicKey)}: the form published and configured. */
  public String verifierKey() {
    byte[] key = new byte[1 + publicKey.length];
    key[0] = Ed25519Keys.SIGNATURE_TYPE;
    System.arraycopy(publicKey, 0, key, 1, publicKey.length);
    return name
        + "+"
        + HexFormat.of().toHexDigits(keyId)
        + "+"
        + Base64.getEncoder().encodeToString(key);
  }

  boolean verify(byte[] message, byte[] signature) {
    return Ed25519Keys.verify(jdkKey, message, signature);
  }

  private static boolean isHex(String text) {
    return text.chars().allMatch(HexFormat::isHexDigit);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteVerifier that
        && name.equals(that.name)
        && Arrays.equals(publicKey, that.publicKey);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return verifierKey();
  }
}
