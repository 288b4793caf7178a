package ai.maily.mesh.agents.compliance;

import java.util.Locale;

/** The compliance rules; {@link #id()} is the stable identifier that findings carry in JSON. */
public enum Rule {
  /** The body has a visible way to unsubscribe (CAN-SPAM, GDPR/ePrivacy right to object). */
  UNSUBSCRIBE_LINK,
  /** A well-formed {@code List-Unsubscribe} header, which Gmail and Yahoo require of bulk mail. */
  LIST_UNSUBSCRIBE_HEADER,
  /** RFC 8058 one-click unsubscribe ({@code List-Unsubscribe-Post} and an https URI). */
  ONE_CLICK_UNSUBSCRIBE,
  /** A physical postal address of the sender (CAN-SPAM). */
  POSTAL_ADDRESS,
  /** The From header holds a valid address. */
  FROM_ADDRESS,
  /** The From header names the sender (ePrivacy: the sender's identity must not be concealed). */
  FROM_DISPLAY_NAME,
  /** The From domain aligns with the authenticated sending domain (DMARC). */
  FROM_DOMAIN_ALIGNMENT,
  /** Bulk mail from a free-mail domain fails that provider's DMARC policy. */
  FREE_MAIL_SENDER,
  /** A no-reply From address discourages replies and hides a contact point. */
  NO_REPLY_SENDER,
  /** The Reply-To header, when given, holds a valid address. */
  REPLY_TO_ADDRESS,
  /** The subject does not pretend to be a reply or forward (CAN-SPAM deceptive subject). */
  DECEPTIVE_SUBJECT_PREFIX,
  /** The subject is present and short enough to show in an inbox. */
  SUBJECT_LENGTH,
  /** The subject does not shout in capitals. */
  SUBJECT_ALL_CAPS,
  /** The body does not shout in capitals. */
  BODY_ALL_CAPS,
  /** The subject has at most one exclamation mark. */
  SUBJECT_EXCLAMATION,
  /** The body does not pile up exclamation marks. */
  BODY_EXCLAMATION,
  /** No phrases that spam filters score (e.g. "100% free", "act now"). */
  SPAM_PHRASES,
  /** Link text that names a domain points to that domain (else it looks like phishing). */
  LINK_TEXT_DOMAIN_MISMATCH,
  /** No public URL shorteners, whose domains are on block lists. */
  URL_SHORTENER,
  /** No links to bare IP addresses. */
  IP_ADDRESS_LINK,
  /** Links use https. */
  INSECURE_LINK,
  /** The HTML is not just images. */
  IMAGE_ONLY_BODY,
  /** Enough text for each image. */
  TEXT_TO_IMAGE_RATIO,
  /** Images carry alt text, shown when clients block images. */
  IMAGE_ALT_TEXT,
  /** An open-tracking pixel needs a lawful basis under GDPR/ePrivacy. */
  TRACKING_PIXEL,
  /** An HTML email also has a plain-text part. */
  PLAIN_TEXT_PART,
  /** No scripts, forms, frames or plugins, which clients strip and filters punish. */
  ACTIVE_CONTENT,
  /** The HTML is small enough that Gmail does not clip it. */
  HTML_SIZE,
  /** A preheader controls the inbox preview text. */
  PREHEADER,
  /** The email has a body at all. */
  EMPTY_BODY;

  /** The stable kebab-case identifier, e.g. {@code unsubscribe-link}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
