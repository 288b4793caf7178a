package ai.maily.mesh.analytics.paillier;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encryption, decryption, addition and scalar multiplication against vectors computed by an
 * independent implementation ({@code vectors.py} beside {@code vectors.json}): a toy key (p = 17, q
 * = 19), a 128-bit one, and a 2048-bit one.
 */
class PaillierKnownAnswerTest {

  private static final JsonNode VECTORS = load();

  private static JsonNode load() {
    try (InputStream in = PaillierKnownAnswerTest.class.getResourceAsStream("vectors.json")) {
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger big(JsonNode node, String field) {
    return new BigInteger(node.get(field).asText());
  }

  private static PaillierPrivateKey key(JsonNode vectors) {
    BigInteger p = big(vectors, "p");
    BigInteger q = big(vectors, "q");
    return p.multiply(q).bitLength() >= PaillierPublicKey.MIN_MODULUS_BITS
        ? new PaillierPrivateKey(p, q)
        : PaillierPrivateKey.ofAnySize(p, q);
  }

  private static Stream<JsonNode> each(JsonNode vectors, String name) {
    return StreamSupport.stream(vectors.get(name).spliterator(), false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "full"})
  void encryptionWithAGivenRMatchesTheVectors(String size) {
    JsonNode vectors = VECTORS.get(size);
    PaillierPrivateKey key = key(vectors);
    assertThat(key.publicKey().n()).isEqualTo(big(vectors, "n"));
    each(vectors, "encryptions")
        .forEach(
            v -> {
              Ciphertext c = key.publicKey().encrypt(big(v, "m"), big(v, "r"));
              assertThat(c.value()).isEqualTo(big(v, "c"));
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "full"})
  void decryptionWithAndWithoutTheChineseRemainderTheoremRecoversThePlaintexts(String size) {
    JsonNode vectors = VECTORS.get(size);
    PaillierPrivateKey key = key(vectors);
    each(vectors, "encryptions")
        .forEach(
            v -> {
              Ciphertext c = new Ciphertext(big(v, "c"));
              assertThat(key.decrypt(c)).isEqualTo(big(v, "m"));
              assertThat(key.decryptWithoutCrt(c)).isEqualTo(big(v, "m"));
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "full"})
  void additionOfCiphertextsMatchesTheVectors(String size) {
    JsonNode vectors = VECTORS.get(size);
    PaillierPrivateKey key = key(vectors);
    each(vectors, "sums")
        .forEach(
            v -> {
              Ciphertext sum =
                  key.publicKey().add(new Ciphertext(big(v, "c1")), new Ciphertext(big(v, "c2")));
              assertThat(sum.value()).isEqualTo(big(v, "c"));
              assertThat(key.decrypt(sum)).isEqualTo(big(v, "m"));
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"small", "medium", "full"})
  void scalarMultiplicationMatchesTheVectorsForNegativeFactorsToo(String size) {
    JsonNode vectors = VECTORS.get(size);
    PaillierPrivateKey key = key(vectors);
    each(vectors, "products")
        .forEach(
            v -> {
              Ciphertext product =
                  key.publicKey().multiply(new Ciphertext(big(v, "c")), big(v, "k"));
              assertThat(product.value()).isEqualTo(big(v, "ck"));
              assertThat(key.decrypt(product)).isEqualTo(big(v, "m"));
            });
  }
}
