package ai.maily.mesh.trust.cert;

import ai.maily.mesh.core.Unicode;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The validation rules that log entries, subjects and headers share. */
final class Fields {

  private static final Pattern CERTIFICATE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Fields() {}

  /**
   * Requires {@code text} to have {@code min..max} characters and no control character, so that it
   * fits on one line of a page, a log and a header.
   */
  static String requireText(String field, String text, int min, int max) {
    Objects.requireNonNull(text, field);
    if (text.length() < min || text.length() > max) {
      throw new IllegalArgumentException(
          field + " must have " + min + " to " + max + " characters, has " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalArgumentException(field + " holds a control character at " + i);
      }
    }
    OptionalInt unpaired = Unicode.unpairedSurrogate(text);
    if (unpaired.isPresent()) {
      throw new IllegalArgumentException(
          field + " holds an unpaired surrogate at " + unpaired.getAsInt());
    }
    return text;
  }

  /** Certificate ids appear in URLs: 1 to 64 of {@code A-Z a-z 0-9 _ -}. */
  static String requireCertificateId(String id) {
    Objects.requireNonNull(id, "certificateId");
    if (!CERTIFICATE_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "certificateId must be 1 to 64 of A-Z, a-z, 0-9, '_' and '-': \"" + id + "\"");
    }
    return id;
  }
}
