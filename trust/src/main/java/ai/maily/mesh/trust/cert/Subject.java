package ai.maily.mesh.trust.cert;

import java.util.Objects;

/**
 * What a certificate is about: a type and an id chosen by the issuer (a campaign id, a message id,
 * a sender address).
 *
 * @param type the kind of subject
 * @param id 1 to {@value #MAX_ID_LENGTH} characters without control characters
 */
public record Subject(SubjectType type, String id) {

  /** Longest subject id accepted. */
  public static final int MAX_ID_LENGTH = 256;

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is empty, too long or holds a control character
   */
  public Subject {
    Objects.requireNonNull(type, "type");
    Fields.requireText("subject.id", id, 1, MAX_ID_LENGTH);
  }

  @Override
  public String toString() {
    return type.code() + ":" + id;
  }
}
