package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.Email;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An email with what every rule needs worked out once: the scanned HTML, the text a reader sees and
 * every link target.
 *
 * @param email the email as given
 * @param sender what the account knows about the sender
 * @param html the scanned HTML part, if there is a non-blank one
 * @param bodyText what a reader sees: the HTML's visible text, or else the plain-text part
 * @param links every link target: the HTML hrefs, then the URLs in the plain-text part
 */
record ScannedEmail(
    Email email, Sender sender, Optional<HtmlContent> html, String bodyText, List<String> links) {

  private static final Pattern TEXT_URL =
      Pattern.compile("(?i)\\b(?:https?://|www\\.)[^\\s<>\"'()\\[\\]]+");

  static ScannedEmail of(Email email, Sender sender) {
    Optional<HtmlContent> html = email.html().filter(h -> !h.isBlank()).map(HtmlContent::scan);
    String text = email.text().orElse("");
    String bodyText = html.map(HtmlContent::text).filter(t -> !t.isBlank()).orElse(text.strip());
    List<String> links = new ArrayList<>();
    html.ifPresent(h -> h.links().forEach(link -> links.add(link.href())));
    Matcher url = TEXT_URL.matcher(text);
    while (url.find()) {
      // Sentence punctuation after a URL in prose is not part of it.
      links.add(url.group().replaceFirst("[.,;:!?]+$", ""));
    }
    return new ScannedEmail(email, sender, html, bodyText, List.copyOf(links));
  }

  /** The plain-text part, empty if there is none. */
  String textPart() {
    return email.text().orElse("");
  }

  /** Everything a recipient can read in any part, for checks that either part satisfies. */
  String allText() {
    return html.map(HtmlContent::text).orElse("") + "\n" + textPart();
  }
}
