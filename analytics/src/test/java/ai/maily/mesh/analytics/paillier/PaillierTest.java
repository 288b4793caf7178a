package ai.maily.mesh.analytics.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PaillierTest {

  private static final JsonNode FULL = load().get("full");
  private static final PaillierPrivateKey KEY =
      new PaillierPrivateKey(
          new BigInteger(FULL.get("p").asText()), new BigInteger(FULL.get("q").asText()));
  private static final PaillierPublicKey PUBLIC = KEY.publicKey();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static JsonNode load() {
    try (InputStream in = PaillierTest.class.getResourceAsStream("vectors.json")) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void generatesA2048BitKeyThatDecryptsWhatItEncrypts() {
    PaillierKeyPair pair = PaillierKeyPair.generate(2048, RANDOM);

    assertThat(pair.publicKey().modulusBits()).isEqualTo(2048);
    assertThat(pair.privateKey().p().bitLength()).isEqualTo(1024);
    assertThat(pair.privateKey().q().bitLength()).isEqualTo(1024);
    BigInteger m = new BigInteger(2000, RANDOM);
    assertThat(pair.privateKey().decrypt(pair.publicKey().encrypt(m, RANDOM))).isEqualTo(m);
  }

  @Test
  void refusesKeysBelow2048Bits() {
    assertThatThrownBy(() -> PaillierKeyPair.generate(1024, RANDOM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    BigInteger small =
        BigInteger.probablePrime(512, RANDOM).multiply(BigInteger.probablePrime(512, RANDOM));
    assertThatThrownBy(() -> new PaillierPublicKey(small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2048 bits");
  }

  @Test
  void encryptionIsRandomized() {
    BigInteger m = BigInteger.valueOf(42);
    Ciphertext first = PUBLIC.encrypt(m, RANDOM);
    Ciphertext second = PUBLIC.encrypt(m, RANDOM);

    assertThat(first).isNotEqualTo(second);
    assertThat(KEY.decrypt(first)).isEqualTo(KEY.decrypt(second)).isEqualTo(m);
  }

  @Test
  void refusesCiphertextsOutsideTheUnitsModuloNSquared() {
    BigInteger n = PUBLIC.n();
    Ciphertext valid = PUBLIC.encrypt(BigInteger.TEN, RANDOM);
    for (BigInteger bad :
        new BigInteger[] {
          PUBLIC.nSquared(),
          PUBLIC.nSquared().add(BigInteger.ONE),
          n,
          KEY.p(),
          KEY.q().multiply(BigInteger.TWO)
        }) {
      Ciphertext c = new Ciphertext(bad);
      assertThatThrownBy(() -> KEY.decrypt(c)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PUBLIC.add(valid, c)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> PUBLIC.multiply(c, BigInteger.TWO))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> new Ciphertext(BigInteger.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesPlaintextsOutsideZn() {
    assertThatThrownBy(() -> PUBLIC.encrypt(PUBLIC.n(), RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PUBLIC.encrypt(BigInteger.valueOf(-1), RANDOM))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publicKeysCiphertextsAndAmountsRoundTripThroughJsonAsBase64() throws IOException {
    EncryptedAmounts amounts = new EncryptedAmounts(PUBLIC);
    EncryptedAmount amount = amounts.encrypt(-1250, RANDOM);

    String keyJson = Json.MAPPER.writeValueAsString(PUBLIC);
    String amountJson = Json.MAPPER.writeValueAsString(amount);

    assertThat(Json.MAPPER.readTree(keyJson).get("n").isTextual()).isTrue();
    assertThat(Json.MAPPER.readTree(amountJson).get("ciphertext").isTextual()).isTrue();
    assertThat(Json.MAPPER.readTree(amountJson).get("bound").asText())
        .isEqualTo("9223372036854775808");
    assertThat(Json.MAPPER.readValue(keyJson, PaillierPublicKey.class)).isEqualTo(PUBLIC);
    EncryptedAmount back = Json.MAPPER.readValue(amountJson, EncryptedAmount.class);
    assertThat(back).isEqualTo(amount);
    assertThat(amounts.decrypt(back, KEY)).isEqualTo(BigInteger.valueOf(-1250));
  }

  @Test
  void aPublicKeyBelow2048BitsIsRefusedFromJson() {
    // 323 = 17 · 19, as base64 of its two bytes.
    assertThatThrownBy(() -> Json.MAPPER.readValue("{\"n\":\"AUM=\"}", PaillierPublicKey.class))
        .hasMessageContaining("at least 2048 bits");
  }
}
