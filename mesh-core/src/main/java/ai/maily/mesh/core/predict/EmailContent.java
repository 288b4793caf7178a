package ai.maily.mesh.core.predict;

import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an email that predictions read.
 *
 * @param subject the subject line, merge tags as written
 * @param preheader the inbox preview text, if any
 * @param body the body as plain text, if known
 */
public record EmailContent(String subject, Optional<String> preheader, Optional<String> body) {

  public EmailContent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(preheader, "preheader");
    Objects.requireNonNull(body, "body");
  }
}
