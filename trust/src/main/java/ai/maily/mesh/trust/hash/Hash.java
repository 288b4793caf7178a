package ai.maily.mesh.trust.hash;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/** An immutable SHA-256 digest: exactly {@value #SIZE} bytes, compared by value. */
public final class Hash {

  /** Length in bytes of every hash in the log. */
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Wraps a copy of {@code bytes}.
   *
   * @throws IllegalArgumentException unless {@code bytes} is exactly {@value #SIZE} bytes long
   */
  public static Hash of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + SIZE + " bytes, got " + bytes.length + " bytes");
    }
    return new Hash(bytes.clone());
  }

  /**
   * Parses 64 hex digits (either case).
   *
   * @throws IllegalArgumentException if {@code hex} is not the hex form of {@value #SIZE} bytes
   */
  public static Hash fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    return of(HexFormat.of().parseHex(hex));
  }

  /**
   * Parses standard base64 (RFC 4648 §4, padded).
   *
   * @throws IllegalArgumentException if {@code base64} is not the canonical base64 form of {@value
   *     #SIZE} bytes
   */
  public static Hash fromBase64(String base64) {
    Objects.requireNonNull(base64, "base64");
    byte[] decoded = Base64.getDecoder().decode(base64);
    // The JDK decoder tolerates missing padding and stray trailing bits; a hash has exactly one
    // textual form, so that signed text cannot be altered without changing its meaning.
    if (!Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new IllegalArgumentException("not canonical padded base64: " + base64);
    }
    return of(decoded);
  }

  /** Returns a copy of the digest bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lowercase hex, 64 characters. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** Standard padded base64, 44 characters: the form used in checkpoints and the REST API. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The digest without a defensive copy, for hashing inside this package only. */
  byte[] unsharedBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
