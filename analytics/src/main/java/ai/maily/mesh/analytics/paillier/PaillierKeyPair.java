package ai.maily.mesh.analytics.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * A Paillier key pair, and how to make one.
 *
 * @param publicKey what the mesh holds: it encrypts and adds
 * @param privateKey what the tenant keeps: it decrypts
 */
public record PaillierKeyPair(PaillierPublicKey publicKey, PaillierPrivateKey privateKey) {

  /**
   * A new key pair with a modulus of exactly {@code modulusBits} bits (even, at least {@value
   * PaillierPublicKey#MIN_MODULUS_BITS}): two random primes of half that length each, distinct,
   * with gcd(pq, (p - 1)(q - 1)) = 1 and |p - q| > 2^(bits/2 - 100) (FIPS 186-5's guard against
   * Fermat factoring).
   */
  public static PaillierKeyPair generate(int modulusBits, SecureRandom random) {
    if (modulusBits < PaillierPublicKey.MIN_MODULUS_BITS || modulusBits % 2 != 0) {
      throw new IllegalArgumentException(
          "a Paillier modulus has an even number of bits, at least "
              + PaillierPublicKey.MIN_MODULUS_BITS);
    }
    int half = modulusBits / 2;
    BigInteger minimumGap = BigInteger.ONE.shiftLeft(half - 100);
    while (true) {
      BigInteger p = BigInteger.probablePrime(half, random);
      BigInteger q = BigInteger.probablePrime(half, random);
      BigInteger n = p.multiply(q);
      if (n.bitLength() != modulusBits || p.subtract(q).abs().compareTo(minimumGap) <= 0) {
        continue;
      }
      BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
      if (!n.gcd(phi).equals(BigInteger.ONE)) {
        continue;
      }
      PaillierPrivateKey privateKey = new PaillierPrivateKey(p, q);
      return new PaillierKeyPair(privateKey.publicKey(), privateKey);
    }
  }
}
