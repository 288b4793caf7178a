package ai.maily.mesh.analytics.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The homomorphic properties of signed amounts, over many random values: on the 2048-bit test key
 * (few tries, each encryption costs milliseconds) and on the 128-bit one (many tries, and small
 * enough to reach the overflow bound).
 */
class EncryptedAmountsTest {

  private static final JsonNode VECTORS = load();
  private static final PaillierPrivateKey FULL = key("full");
  private static final PaillierPrivateKey MEDIUM = key("medium");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static JsonNode load() {
    try (InputStream in = EncryptedAmountsTest.class.getResourceAsStream("vectors.json")) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PaillierPrivateKey key(String size) {
    JsonNode v = VECTORS.get(size);
    return PaillierPrivateKey.ofAnySize(
        new BigInteger(v.get("p").asText()), new BigInteger(v.get("q").asText()));
  }

  @Property(tries = 25)
  void sumsOfEncryptedAmountsDecryptToTheSumOfTheAmounts(
      @ForAll @Size(min = 1, max = 6) List<Long> values) {
    assertSumDecrypts(FULL, values);
  }

  @Property(tries = 400)
  void sumsOfEncryptedAmountsDecryptToTheSumOnASmallKey(
      @ForAll @Size(min = 1, max = 12) List<Long> values) {
    assertSumDecrypts(MEDIUM, values);
  }

  @Property(tries = 400)
  void scalingAnEncryptedAmountScalesTheAmount(@ForAll int amount, @ForAll int factor) {
    EncryptedAmounts amounts = new EncryptedAmounts(MEDIUM.publicKey());
    EncryptedAmount scaled = amounts.multiply(amounts.encrypt(amount, RANDOM), factor);

    assertThat(amounts.decrypt(scaled, MEDIUM))
        .isEqualTo(BigInteger.valueOf(amount).multiply(BigInteger.valueOf(factor)));
  }

  @Property(tries = 400)
  void additionCommutesAndAssociatesUnderDecryption(
      @ForAll long a, @ForAll long b, @ForAll long c) {
    EncryptedAmounts amounts = new EncryptedAmounts(MEDIUM.publicKey());
    EncryptedAmount ea = amounts.encrypt(a, RANDOM);
    EncryptedAmount eb = amounts.encrypt(b, RANDOM);
    EncryptedAmount ec = amounts.encrypt(c, RANDOM);

    BigInteger left = amounts.decrypt(amounts.add(amounts.add(ea, eb), ec), MEDIUM);
    BigInteger right = amounts.decrypt(amounts.add(ec, amounts.add(eb, ea)), MEDIUM);
    assertThat(left)
        .isEqualTo(right)
        .isEqualTo(BigInteger.valueOf(a).add(BigInteger.valueOf(b)).add(BigInteger.valueOf(c)));
  }

  private static void assertSumDecrypts(PaillierPrivateKey key, List<Long> values) {
    EncryptedAmounts amounts = new EncryptedAmounts(key.publicKey());
    EncryptedAmount sum = amounts.zero();
    BigInteger expected = BigInteger.ZERO;
    for (long value : values) {
      sum = amounts.add(sum, amounts.encrypt(value, RANDOM));
      expected = expected.add(BigInteger.valueOf(value));
    }
    assertThat(amounts.decrypt(sum, key)).isEqualTo(expected);
    assertThat(sum.addends()).isEqualTo(values.size());
  }

  @Example
  void negativeAmountsAreEncodedAsTheirResidueModuloN() {
    EncryptedAmounts amounts = new EncryptedAmounts(MEDIUM.publicKey());
    BigInteger n = MEDIUM.publicKey().n();

    assertThat(amounts.encode(-5)).isEqualTo(n.subtract(BigInteger.valueOf(5)));
    assertThat(amounts.decode(n.subtract(BigInteger.valueOf(5)))).isEqualTo(BigInteger.valueOf(-5));
    assertThat(amounts.decode(n.shiftRight(1))).isEqualTo(n.shiftRight(1));
    assertThat(amounts.decode(n.shiftRight(1).add(BigInteger.ONE)))
        .isEqualTo(n.shiftRight(1).add(BigInteger.ONE).subtract(n));
  }

  @Example
  void refusesAnOperationWhoseSumCouldWrapModuloN() {
    // The 128-bit modulus holds |sums| below about 2^126.7: one long times Long.MAX_VALUE (2^126)
    // fits, twice that does not.
    EncryptedAmounts amounts = new EncryptedAmounts(MEDIUM.publicKey());
    EncryptedAmount big = amounts.multiply(amounts.encrypt(-3, RANDOM), Long.MAX_VALUE);
    assertThat(amounts.decrypt(big, MEDIUM))
        .isEqualTo(BigInteger.valueOf(-3).multiply(BigInteger.valueOf(Long.MAX_VALUE)));

    assertThatThrownBy(() -> amounts.add(big, big))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("wrap");
  }

  @Example
  void refusesADecryptionBeyondTheBoundAsNotAnHonestSum() {
    EncryptedAmounts amounts = new EncryptedAmounts(MEDIUM.publicKey());
    BigInteger n = MEDIUM.publicKey().n();
    // A ciphertext claiming to be one long but holding n/4, which no long encrypts to.
    EncryptedAmount forged =
        new EncryptedAmount(
            MEDIUM.publicKey().encrypt(n.shiftRight(2), RANDOM), 1, BigInteger.ONE.shiftLeft(63));

    assertThatThrownBy(() -> amounts.decrypt(forged, MEDIUM))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an honest sum");
  }

  @Example
  void refusesAModulusTooSmallForALong() {
    PaillierPublicKey toy = PaillierPublicKey.ofAnySize(BigInteger.valueOf(323));
    assertThatThrownBy(() -> new EncryptedAmounts(toy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too small");
  }
}
