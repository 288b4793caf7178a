package ai.maily.mesh.analytics.paillier;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A Paillier private key: the primes p and q of n. Decryption runs modulo p² and q² and joins the
 * halves by the Chinese remainder theorem (Paillier 1999, §7), about four times faster than the
 * textbook L(c^λ mod n²)·μ mod n, which {@link #decryptWithoutCrt} keeps for cross-checking.
 *
 * <p>It belongs with the tenant, not the mesh (ADR 0033); it has no JSON form on purpose.
 */
public final class PaillierPrivateKey {

  private static final int PRIME_CERTAINTY = 128;

  private final PaillierPublicKey publicKey;
  private final BigInteger p;
  private final BigInteger q;
  private final BigInteger pSquared;
  private final BigInteger qSquared;
  private final BigInteger hp;
  private final BigInteger hq;
  private final BigInteger qInverse;
  private final BigInteger lambda;
  private final BigInteger mu;

  /** The key of primes {@code p} and {@code q}, whose product has at least 2048 bits. */
  public PaillierPrivateKey(BigInteger p, BigInteger q) {
    this(p, q, new PaillierPublicKey(p.multiply(q)));
  }

  private PaillierPrivateKey(BigInteger p, BigInteger q, PaillierPublicKey publicKey) {
    Objects.requireNonNull(p, "p");
    Objects.requireNonNull(q, "q");
    if (p.equals(q) || !p.isProbablePrime(PRIME_CERTAINTY) || !q.isProbablePrime(PRIME_CERTAINTY)) {
      throw new IllegalArgumentException("p and q must be distinct primes");
    }
    BigInteger pMinus = p.subtract(BigInteger.ONE);
    BigInteger qMinus = q.subtract(BigInteger.ONE);
    BigInteger n = publicKey.n();
    if (!n.gcd(pMinus.multiply(qMinus)).equals(BigInteger.ONE)) {
      throw new IllegalArgumentException("gcd(pq, (p - 1)(q - 1)) must be 1");
    }
    this.publicKey = publicKey;
    this.p = p;
    this.q = q;
    this.pSquared = p.multiply(p);
    this.qSquared = q.multiply(q);
    BigInteger g = n.add(BigInteger.ONE);
    this.hp = l(g.mod(pSquared).modPow(pMinus, pSquared), p).modInverse(p);
    this.hq = l(g.mod(qSquared).modPow(qMinus, qSquared), q).modInverse(q);
    this.qInverse = q.modInverse(p);
    this.lambda = pMinus.multiply(qMinus).divide(pMinus.gcd(qMinus));
    this.mu = l(g.modPow(lambda, publicKey.nSquared()), n).modInverse(n);
  }

  /** A key of any size, for this package's known-answer tests with small numbers. */
  static PaillierPrivateKey ofAnySize(BigInteger p, BigInteger q) {
    return new PaillierPrivateKey(p, q, PaillierPublicKey.ofAnySize(p.multiply(q)));
  }

  public PaillierPublicKey publicKey() {
    return publicKey;
  }

  public BigInteger p() {
    return p;
  }

  public BigInteger q() {
    return q;
  }

  /** The plaintext in [0, n) of a ciphertext, which must lie in Z*_{n²}. */
  public BigInteger decrypt(Ciphertext ciphertext) {
    BigInteger c = publicKey.requireValid(ciphertext).value();
    BigInteger mp =
        l(c.mod(pSquared).modPow(p.subtract(BigInteger.ONE), pSquared), p).multiply(hp).mod(p);
    BigInteger mq =
        l(c.mod(qSquared).modPow(q.subtract(BigInteger.ONE), qSquared), q).multiply(hq).mod(q);
    return mq.add(mp.subtract(mq).multiply(qInverse).mod(p).multiply(q));
  }

  /** The textbook decryption L(c^λ mod n²)·μ mod n, to cross-check {@link #decrypt}. */
  BigInteger decryptWithoutCrt(Ciphertext ciphertext) {
    BigInteger c = publicKey.requireValid(ciphertext).value();
    BigInteger n = publicKey.n();
    return l(c.modPow(lambda, publicKey.nSquared()), n).multiply(mu).mod(n);
  }

  /** Paillier's L(x) = (x - 1) / d. */
  private static BigInteger l(BigInteger x, BigInteger d) {
    return x.subtract(BigInteger.ONE).divide(d);
  }

  @Override
  public String toString() {
    return "PaillierPrivateKey[" + publicKey.modulusBits() + " bits]";
  }
}
