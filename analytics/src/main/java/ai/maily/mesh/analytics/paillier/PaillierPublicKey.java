package ai.maily.mesh.analytics.paillier;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A Paillier public key (Paillier, EUROCRYPT 1999) with g = n + 1: enough to encrypt and to add
 * ciphertexts, not to decrypt. Enc(m, r) = (1 + n)^m · r^n mod n² = (1 + m·n) · r^n mod n², for a
 * plaintext m in [0, n) and r drawn uniformly from Z*_n; Enc(a)·Enc(b) decrypts to a + b mod n, and
 * Enc(a)^k to k·a mod n.
 *
 * <p>Keys made from JSON ({@code {"n": base64}}) or by the public constructor have a modulus of at
 * least {@value #MIN_MODULUS_BITS} bits (ADR 0033); smaller ones exist only for this package's
 * tests.
 */
public final class PaillierPublicKey implements CborSerializable {

  /** The smallest modulus accepted, in bits (NIST SP 800-57's floor for factoring-based keys). */
  public static final int MIN_MODULUS_BITS = 2048;

  private final BigInteger n;
  private final BigInteger nSquared;

  /**
   * The key with modulus {@code n}, an odd number of at least {@value #MIN_MODULUS_BITS} bits (that
   * it is a product of two primes cannot be checked without them).
   */
  public PaillierPublicKey(BigInteger n) {
    this(n, MIN_MODULUS_BITS);
  }

  /** The key whose modulus is written as base64 ({@link #encodedModulus()}), as JSON carries it. */
  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public static PaillierPublicKey fromEncoded(@JsonProperty("n") String base64) {
    return new PaillierPublicKey(UnsignedBase64.decode(base64));
  }

  private PaillierPublicKey(BigInteger n, int minimumBits) {
    Objects.requireNonNull(n, "n");
    if (n.bitLength() < minimumBits) {
      throw new IllegalArgumentException(
          "a Paillier modulus needs at least " + minimumBits + " bits, not " + n.bitLength());
    }
    if (!n.testBit(0) || n.compareTo(BigInteger.valueOf(15)) < 0) {
      throw new IllegalArgumentException("a Paillier modulus is an odd product of two primes");
    }
    this.n = n;
    this.nSquared = n.multiply(n);
  }

  /** A key of any size, for this package's known-answer tests with small numbers. */
  static PaillierPublicKey ofAnySize(BigInteger n) {
    return new PaillierPublicKey(n, 4);
  }

  /** The modulus n. */
  @JsonIgnore
  public BigInteger n() {
    return n;
  }

  /** The modulus as the standard base64 of its big-endian bytes: the key's JSON field {@code n}. */
  @JsonProperty("n")
  public String encodedModulus() {
    return UnsignedBase64.encode(n);
  }

  /** n². */
  @JsonIgnore
  public BigInteger nSquared() {
    return nSquared;
  }

  /** The modulus's length in bits. */
  @JsonIgnore
  public int modulusBits() {
    return n.bitLength();
  }

  /** Encrypts {@code plaintext} ∈ [0, n) with a fresh r from {@code random}. */
  public Ciphertext encrypt(BigInteger plaintext, SecureRandom random) {
    return encrypt(plaintext, randomUnit(random));
  }

  /**
   * Encrypts with a given r ∈ Z*_n. Only for known-answer tests: reusing or predicting r reveals
   * the plaintext's difference to another's.
   */
  Ciphertext encrypt(BigInteger plaintext, BigInteger r) {
    if (plaintext.signum() < 0 || plaintext.compareTo(n) >= 0) {
      throw new IllegalArgumentException("a plaintext lies in [0, n)");
    }
    if (r.signum() <= 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE)) {
      throw new IllegalArgumentException("r must lie in Z*_n");
    }
    BigInteger gm = BigInteger.ONE.add(plaintext.multiply(n)).mod(nSquared);
    return new Ciphertext(gm.multiply(r.modPow(n, nSquared)).mod(nSquared));
  }

  /** A ciphertext of a + b from ciphertexts of a and b. */
  public Ciphertext add(Ciphertext a, Ciphertext b) {
    return new Ciphertext(requireValid(a).value().multiply(requireValid(b).value()).mod(nSquared));
  }

  /**
   * A ciphertext of k·a (mod n) from a ciphertext of a; k may be negative (k·a is then taken mod n,
   * as a negative amount is).
   */
  public Ciphertext multiply(Ciphertext a, BigInteger k) {
    return new Ciphertext(requireValid(a).value().modPow(k.mod(n), nSquared));
  }

  /**
   * Returns {@code c} if it is an element of Z*_{n²} (0 < c < n², gcd(c, n) = 1), the only values
   * honest encryption produces; anything else is refused, as it would decrypt to garbage or leak a
   * factor of n.
   */
  public Ciphertext requireValid(Ciphertext c) {
    BigInteger v = c.value();
    if (v.signum() <= 0 || v.compareTo(nSquared) >= 0) {
      throw new IllegalArgumentException("the ciphertext lies outside [1, n²)");
    }
    if (!v.gcd(n).equals(BigInteger.ONE)) {
      throw new IllegalArgumentException("the ciphertext shares a factor with n: not in Z*_{n²}");
    }
    return c;
  }

  private BigInteger randomUnit(SecureRandom random) {
    while (true) {
      BigInteger r = new BigInteger(n.bitLength(), random);
      if (r.signum() > 0 && r.compareTo(n) < 0 && r.gcd(n).equals(BigInteger.ONE)) {
        return r;
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PaillierPublicKey that && n.equals(that.n);
  }

  @Override
  public int hashCode() {
    return n.hashCode();
  }

  @Override
  public String toString() {
    return "PaillierPublicKey[" + n.bitLength() + " bits]";
  }
}
