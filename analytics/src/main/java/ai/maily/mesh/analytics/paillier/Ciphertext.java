package ai.maily.mesh.analytics.paillier;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigInteger;
import java.util.Objects;

/**
 * A Paillier ciphertext: an element of Z*_{n²} for the key that made it. Whether it is one is
 * checked by the key that uses it ({@link PaillierPublicKey#requireValid}). Its JSON form is the
 * standard base64 of its big-endian bytes.
 *
 * @param value the ciphertext, positive
 */
public record Ciphertext(BigInteger value) implements CborSerializable {

  public Ciphertext {
    Objects.requireNonNull(value, "value");
    if (value.signum() <= 0) {
      throw new IllegalArgumentException("a ciphertext is a positive number");
    }
  }

  /** The ciphertext written as base64 ({@link #encoded()}). */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static Ciphertext fromEncoded(String base64) {
    return new Ciphertext(UnsignedBase64.decode(base64));
  }

  /** The standard base64 of the value's big-endian bytes. */
  @JsonValue
  public String encoded() {
    return UnsignedBase64.encode(value);
  }
}
