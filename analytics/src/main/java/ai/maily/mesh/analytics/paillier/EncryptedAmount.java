package ai.maily.mesh.analytics.paillier;

import ai.maily.mesh.core.CborSerializable;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An encrypted signed amount (e.g. attributed revenue in cents), or a sum of them, with what is
 * public about it: how many amounts went in, and the largest magnitude the plaintext can have. The
 * bound is what makes the sum decodable: Paillier adds modulo n, so as long as the bound stays
 * below n/2, the plaintext's residue mod n names exactly one signed amount.
 *
 * @param ciphertext the encrypted amount, negative amounts as n - |amount|
 * @param addends how many encrypted amounts were added into it
 * @param bound the largest |amount| the plaintext can be, if every addend was an honest long
 */
public record EncryptedAmount(
    Ciphertext ciphertext,
    long addends,
    @JsonFormat(shape = JsonFormat.Shape.STRING) BigInteger bound)
    implements CborSerializable {

  public EncryptedAmount {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Objects.requireNonNull(bound, "bound");
    if (addends < 0 || bound.signum() < 0) {
      throw new IllegalArgumentException("addends and bound must not be negative");
    }
  }
}
