package ai.maily.mesh.trust.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HashTest {

  private static final String HEX =
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328";
  private static final String BASE64 = "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=";

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 33, 64})
  void rejectsDigestsThatAreNot32Bytes(int length) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Hash.of(new byte[length]))
        .withMessageContaining("32 bytes")
        .withMessageContaining(Integer.toString(length));
  }

  @Test
  void convertsBetweenHexAndBase64() {
    Hash hash = Hash.fromHex(HEX);

    assertThat(hash.base64()).isEqualTo(BASE64);
    assertThat(Hash.fromBase64(BASE64)).isEqualTo(hash);
    assertThat(hash.hex()).isEqualTo(HEX);
    assertThat(Hash.fromHex(HEX.toUpperCase())).isEqualTo(hash);
    assertThat(hash).hasToString(HEX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg", // padding missing
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyh=", // stray low bits in the last character
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz-Nw7_RgQyg=", // URL-safe alphabet
        "XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQw==", // 31 bytes
      })
  void rejectsAnythingButCanonicalBase64Of32Bytes(String base64) {
    assertThatIllegalArgumentException().isThrownBy(() -> Hash.fromBase64(base64));
  }

  @Test
  void comparesByValueAndNeverSharesItsBytes() {
    byte[] bytes = Hash.fromHex(HEX).bytes();
    Hash hash = Hash.of(bytes);
    bytes[0] ^= 1;
    hash.bytes()[1] ^= 1;

    assertThat(hash).isEqualTo(Hash.fromHex(HEX)).hasSameHashCodeAs(Hash.fromHex(HEX));
    assertThat(hash).isNotEqualTo(Hash.of(bytes));
  }
}
