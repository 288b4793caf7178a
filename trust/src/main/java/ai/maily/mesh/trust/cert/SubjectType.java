package ai.maily.mesh.trust.cert;

import java.util.Locale;
import java.util.Optional;

/** What kind of thing a certificate is about. */
public enum SubjectType {
  /** One email, e.g. a campaign's message as sent. */
  EMAIL("email", 1),
  /** A campaign as a whole. */
  CAMPAIGN("campaign", 2),
  /** A piece of content: a template, a landing page, an image. */
  CONTENT("content", 3),
  /** A sender identity: an address or domain and what it publishes. */
  SENDER("sender", 4);

  private final String code;
  private final int wireCode;

  SubjectType(String code, int wireCode) {
    this.code = code;
    this.wireCode = wireCode;
  }

  /** The lower-case name used in JSON and on the page. */
  public String code() {
    return code;
  }

  /** The byte that stands for this type in log entries and headers; never reused. */
  int wireCode() {
    return wireCode;
  }

  /** The type whose {@link #code()} is {@code code}, case-insensitively. */
  public static Optional<SubjectType> fromCode(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    for (SubjectType type : values()) {
      if (type.code.equals(lower)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  static Optional<SubjectType> fromWireCode(int wireCode) {
    for (SubjectType type : values()) {
      if (type.wireCode == wireCode) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
