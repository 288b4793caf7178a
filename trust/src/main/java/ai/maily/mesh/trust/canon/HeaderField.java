package ai.maily.mesh.trust.canon;

import java.util.Locale;

/**
 * One header field of a message or MIME part, unfolded.
 *
 * @param name the field name, lower-cased: RFC 5322 field names are case-insensitive
 * @param value the value with folding line breaks removed and leading whitespace trimmed
 */
public record HeaderField(String name, String value) {

  /** Lower-cases the name. */
  public HeaderField {
    name = name.toLowerCase(Locale.ROOT);
  }
}
