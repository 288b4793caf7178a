package ai.maily.mesh.agents.personalize;

import java.util.Locale;

/**
 * Something wrong with an email's merge tags.
 *
 * @param severity an error breaks the email for everyone; a warning for some recipients
 * @param tag the offending tag as written
 * @param message what is wrong
 * @param fix how to put it right
 */
public record Problem(Severity severity, String tag, String message, String fix) {

  /** How bad a merge-tag problem is. */
  public enum Severity {
    /** Some recipients would see a gap. */
    WARNING,
    /** The email is broken: a tag renders as raw text, or reads a field that does not exist. */
    ERROR;

    /** The lower-case name used in JSON. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
