package ai.maily.mesh.trust.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A named Ed25519 private key that signs note text; written as the signer key string {@code
 * PRIVATE+KEY+name+hex8(keyId)+base64(0x01 || seed)} used by Go's {@code sumdb/note}.
 */
public final class NoteSigner {

  private static final String SIGNER_KEY_PREFIX = "PRIVATE+KEY+";

  private final String name;
  private final byte[] seed;
  private final PrivateKey privateKey;
  private final NoteVerifier verifier;

  private NoteSigner(String name, KeyPair pair) {
    this.name = name;
    this.seed = Ed25519Keys.seed(pair.getPrivate());
    this.privateKey = pair.getPrivate();
    this.verifier = NoteVerifier.of(name, pair.getPublic());
  }

  /**
   * A signer with a fresh key.
   *
   * @throws IllegalArgumentException if the name is not a valid key name
   */
  public static NoteSigner generate(String name) {
    NoteSignature.requireValidKeyName(name);
    return new NoteSigner(name, Ed25519Keys.generate());
  }

  /**
   * The signer whose private key is the RFC 8032 32-byte {@code seed}.
   *
   * @throws IllegalArgumentException if the name is invalid or the seed is not 32 bytes
   */
  public static NoteSigner fromSeed(String name, byte[] seed) {
    NoteSignature.requireValidKeyName(name);
    return new NoteSigner(name, Ed25519Keys.fromSeed(Objects.requireNonNull(seed, "seed")));
  }

  /**
   * Parses a signer key string.
   *
   * @throws IllegalArgumentException if the string is malformed, is not an Ed25519 key, or its key
   *     ID does not match its name and key
   */
  public static NoteSigner parse(String signerKey) {
    Objects.requireNonNull(signerKey, "signerKey");
    if (!signerKey.startsWith(SIGNER_KEY_PREFIX)) {
      throw new IllegalArgumentException("a signer key starts with " + SIGNER_KEY_PREFIX);
    }
    // Names cannot contain '+', but base64 can: only the first two are separators.
    String[] parts = signerKey.substring(SIGNER_KEY_PREFIX.length()).split("\\+", 3);
    if (parts.length != 3
        || parts[1].length() != 8
        || !parts[1].chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          "a signer key is PRIVATE+KEY+name+hex8+base64, got " + SIGNER_KEY_PREFIX + "<redacted>");
    }
    byte[] key = NoteSignature.decode(parts[2]);
    if (key.length == 0 || key[0] != Ed25519Keys.SIGNATURE_TYPE) {
      throw new IllegalArgumentException("not an Ed25519 signer key for " + parts[0]);
    }
    NoteSigner signer = fromSeed(parts[0], Arrays.copyOfRange(key, 1, key.length));
    if (signer.keyId() != HexFormat.fromHexDigits(parts[1])) {
      throw new IllegalArgumentException(
          "key ID " + parts[1] + " does not match the name and key of " + parts[0]);
    }
    return signer;
  }

  /** The key's name, written into every signature line. */
  public String name() {
    return name;
  }

  /** The key ID, written into every signature. */
  public int keyId() {
    return verifier.keyId();
  }

  /** The matching public key, to publish. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /** {@code PRIVATE+KEY+name+hex8(keyId)+base64(0x01 || seed)}: the secret to store safely. */
  public String signerKey() {
    byte[] key = new byte[1 + seed.length];
    key[0] = Ed25519Keys.SIGNATURE_TYPE;
    System.arraycopy(seed, 0, key, 1, seed.length);
    return SIGNER_KEY_PREFIX
        + name
        + "+"
        + HexFormat.of().toHexDigits(keyId())
        + "+"
        + Base64.getEncoder().encodeToString(key);
  }

  /** Signs the UTF-8 bytes of {@code text}, the note text including its final newline. */
  public NoteSignature sign(String text) {
    Objects.requireNonNull(text, "text");
    byte[] signature = Ed25519Keys.sign(privateKey, text.getBytes(StandardCharsets.UTF_8));
    return NoteSignature.of(name, keyId(), signature);
  }

  /** Shows the public half only, so that logging a signer never leaks its key. */
  @Override
  public String toString() {
    return "NoteSigner[" + verifier.verifierKey() + "]";
  }
}
