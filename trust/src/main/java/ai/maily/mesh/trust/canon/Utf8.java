package ai.maily.mesh.trust.canon;

import ai.maily.mesh.core.Unicode;
import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/**
 * Encodes text as UTF-8 only where that is faithful. Java's own encoder writes {@code ?} for a
 * surrogate without its pair, so two different texts would share canonical bytes and a certificate
 * would vouch for content its holder never sent; such text is refused instead.
 */
public final class Utf8 {

  private Utf8() {}

  /**
   * The UTF-8 bytes of {@code text}.
   *
   * @param what names the text in the refusal, e.g. {@code "rawEmail"}
   * @throws ProblemException {@link ProblemType#INVALID_REQUEST} if {@code text} has a surrogate
   *     without its pair
   */
  public static byte[] encode(String text, String what) {
    OptionalInt unpaired = Unicode.unpairedSurrogate(text);
    if (unpaired.isPresent()) {
      int at = unpaired.getAsInt();
      throw ProblemException.of(
          ProblemType.INVALID_REQUEST,
          String.format(
              "%s is not valid Unicode: the surrogate U+%04X at character %d has no pair",
              what, (int) text.charAt(at), at));
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
