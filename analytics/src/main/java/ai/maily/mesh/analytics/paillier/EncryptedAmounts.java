package ai.maily.mesh.analytics.paillier;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Encrypts signed amounts under a tenant's public key and adds them without decrypting: what the
 * mesh does with sensitive per-tenant sums (ADR 0033). An amount m becomes the plaintext m mod n
 * (so -5 is n - 5); every operation tracks the bound on |sum| and refuses one that would let it
 * reach n/2, where the sum would wrap and decode to a wrong amount.
 */
public final class EncryptedAmounts {

  /** The magnitude bound of one long: 2^63. */
  private static final BigInteger LONG_BOUND = BigInteger.ONE.shiftLeft(63);

  private final PaillierPublicKey key;
  private final BigInteger limit;

  public EncryptedAmounts(PaillierPublicKey key) {
    this.key = key;
    this.limit = key.n().shiftRight(1);
    if (LONG_BOUND.compareTo(limit) >= 0) {
      throw new IllegalArgumentException("the modulus is too small to hold a signed long");
    }
  }

  public PaillierPublicKey key() {
    return key;
  }

  /** The sum of no amounts: Enc(0) with r = 1, which any addition re-randomizes. */
  public EncryptedAmount zero() {
    return new EncryptedAmount(new Ciphertext(BigInteger.ONE), 0, BigInteger.ZERO);
  }

  /** Encrypts one amount with a fresh r. */
  public EncryptedAmount encrypt(long amount, SecureRandom random) {
    return new EncryptedAmount(key.encrypt(encode(amount), random), 1, LONG_BOUND);
  }

  /** An encryption of the sum of two encrypted amounts. */
  public EncryptedAmount add(EncryptedAmount a, EncryptedAmount b) {
    return new EncryptedAmount(
        key.add(a.ciphertext(), b.ciphertext()),
        Math.addExact(a.addends(), b.addends()),
        checked(a.bound().add(b.bound())));
  }

  /** An encryption of {@code factor} times an encrypted amount (e.g. a price times a quantity). */
  public EncryptedAmount multiply(EncryptedAmount a, long factor) {
    BigInteger k = BigInteger.valueOf(factor);
    return new EncryptedAmount(
        key.multiply(a.ciphertext(), k), a.addends(), checked(a.bound().multiply(k.abs())));
  }

  /** The plaintext of {@code amount}: m mod n. */
  BigInteger encode(long amount) {
    return BigInteger.valueOf(amount).mod(key.n());
  }

  /**
   * The signed amount whose residue {@code plaintext} is: below n/2 it is itself, above it is
   * plaintext - n.
   */
  public BigInteger decode(BigInteger plaintext) {
    if (plaintext.signum() < 0 || plaintext.compareTo(key.n()) >= 0) {
      throw new IllegalArgumentException("a plaintext lies in [0, n)");
    }
    return plaintext.compareTo(limit) <= 0 ? plaintext : plaintext.subtract(key.n());
  }

  /**
   * Decrypts and decodes a sum with the tenant's private key, refusing a result beyond the sum's
   * bound: that cannot come from honest addends, so the ciphertext was tampered with or an addend
   * was not a long.
   */
  public BigInteger decrypt(EncryptedAmount amount, PaillierPrivateKey privateKey) {
    if (!privateKey.publicKey().equals(key)) {
      throw new IllegalArgumentException("the private key does not match this public key");
    }
    BigInteger value = decode(privateKey.decrypt(amount.ciphertext()));
    if (value.abs().compareTo(amount.bound()) > 0) {
      throw new IllegalStateException(
          "the decrypted amount exceeds its bound of " + amount.bound() + ": not an honest sum");
    }
    return value;
  }

  private BigInteger checked(BigInteger bound) {
    if (bound.compareTo(limit) >= 0) {
      throw new ArithmeticException(
          "the sum could reach n/2 and wrap modulo n; it would no longer decode to its amount");
    }
    return bound;
  }
}
