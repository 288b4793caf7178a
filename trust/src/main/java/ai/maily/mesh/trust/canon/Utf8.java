package ai.maily.mesh.trust.canon;

import ai.maily.mesh.core.problem.ProblemException;
import ai.maily.mesh.core.problem.ProblemType;
import java.nio.charset.StandardCharsets;

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
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ProblemException.of(
            ProblemType.INVALID_REQUEST,
            String.format(
                "%s is not valid Unicode: the surrogate U+%04X at character %d has no pair",
                what, (int) c, i));
      }
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
