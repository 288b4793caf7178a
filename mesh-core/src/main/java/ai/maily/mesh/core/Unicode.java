package ai.maily.mesh.core;

import java.util.OptionalInt;

/**
 * Well-formed Unicode in Java strings. A UTF-16 surrogate without its pair (a JSON escape such as
 * {@code "\ud800"} alone) has no UTF-8 encoding: the journal's serializer refuses it, and Java's
 * own encoder writes {@code ?} for it, so text that holds one is refused where it comes in.
 */
public final class Unicode {

  private Unicode() {}

  /**
   * The index of the first surrogate in {@code text} without its pair; empty when there is none.
   */
  public static OptionalInt unpairedSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }
}
