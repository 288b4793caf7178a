package ai.maily.mesh.analytics.paillier;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;

/**
 * Non-negative big integers as standard base64 of their big-endian bytes, without a sign byte: the
 * JSON form of moduli and ciphertexts, which are too long for JSON numbers (a 2048-bit key's
 * ciphertext has 1,233 decimal digits).
 */
final class UnsignedBase64 {

  private UnsignedBase64() {}

  static String encode(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("only non-negative numbers are encoded");
    }
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  static BigInteger decode(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("a number in base64 is not empty");
    }
    return new BigInteger(1, Base64.getDecoder().decode(text));
  }
}
