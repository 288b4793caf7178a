package ai.maily.mesh.agents.compliance;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The rules that laws and mailbox providers impose: a way out, and who is writing. */
final class LegalRules {

  private static final Pattern UNSUBSCRIBE =
      Pattern.compile(
          "(?i)unsub|opt[\\s_-]?out|(?:manage|update|change|edit)\\s+(?:your\\s+)?"
              + "(?:email\\s+|subscription\\s+|communication\\s+)?preferences"
              + "|(?:email|subscription)\\s+preferences");
  private static final Pattern TEXT_LINK = Pattern.compile("(?i)https?://|mailto:|\\{\\{|\\*\\|");
  private static final Pattern HEADER_URI = Pattern.compile("(?i)<\\s*(?:https?://|mailto:)[^>]+>");
  private static final Pattern HTTPS_URI = Pattern.compile("(?i)<\\s*https://[^>]+>");
  // Heuristics for the address shapes of the main sending countries. Street words must be
  // capitalised, as in a footer, so that prose like "20 percent off all the way" does not count.
  private static final List<Pattern> POSTAL_ADDRESSES =
      List.of(
          // 123 Main Street, 1600 Amphitheatre Pkwy, 350 Fifth Ave Suite 200
          Pattern.compile(
              "\\b\\d{1,6}[A-Za-z]?\\s+(?:[\\p{Lu}0-9][\\p{L}0-9.'-]*\\s+){0,4}"
                  + "(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct"
                  + "|Place|Pl|Square|Sq|Parkway|Pkwy|Highway|Hwy|Terrace|Circle|Cir|Suite)\\b"),
          // 12 rue de la Paix, 4 bis avenue Foch
          Pattern.compile(
              "(?i)\\b\\d{1,5}(?:\\s?(?:bis|ter))?,?\\s+"
                  + "(?:rue|avenue|boulevard|bd|place|allée|chemin|quai|impasse)\\b"),
          // Hauptstraße 5, Lindenstr. 12a, Birkenweg 3
          Pattern.compile(
              "(?i)\\p{L}+(?:straße|strasse|str\\.|gasse|weg|allee|platz)\\s*\\d{1,5}[a-z]?\\b"),
          // Via Roma 1, Calle Mayor 5, Rua Augusta 20
          Pattern.compile(
              "\\b(?:Via|Viale|Calle|Avenida|Rua|Piazza|Plaza)\\s+\\p{Lu}[\\p{L}' .-]{1,40}?,?"
                  + "\\s\\d{1,5}\\b"),
          Pattern.compile(
              "(?i)\\b(?:p\\.?\\s?o\\.?\\s*box|post\\s+office\\s+box|postfach)\\s*\\d+"),
          // Springfield, IL 62704
          Pattern.compile("\\b[A-Z]{2}\\s+\\d{5}(?:-\\d{4})?\\b"),
          // London SW1A 1AA
          Pattern.compile("\\b[A-Z]{1,2}\\d[A-Z\\d]?\\s+\\d[A-Z]{2}\\b"));

  private LegalRules() {}

  static List<Finding> check(ScannedEmail email) {
    return Stream.of(
            unsubscribeLink(email),
            listUnsubscribeHeader(email),
            oneClickUnsubscribe(email),
            postalAddress(email))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Finding> unsubscribeLink(ScannedEmail email) {
    boolean inHtml =
        email.html().stream()
            .flatMap(html -> html.links().stream())
            .anyMatch(
                link ->
                    UNSUBSCRIBE.matcher(link.text()).find()
                        || UNSUBSCRIBE.matcher(link.href()).find());
    boolean inText =
        email
            .textPart()
            .lines()
            .anyMatch(line -> UNSUBSCRIBE.matcher(line).find() && TEXT_LINK.matcher(line).find());
    if (inHtml || inText) {
      return Optional.empty();
    }
    if (usableListUnsubscribe(email).isPresent()) {
      return Optional.of(
          Finding.of(
              Rule.UNSUBSCRIBE_LINK,
              Severity.WARNING,
              "Only the List-Unsubscribe header offers a way out; CAN-SPAM asks for a clear and"
                  + " conspicuous opt-out in the message itself.",
              "Add a visible link to the footer, e.g. <a href=\"https://…/unsubscribe\">"
                  + "Unsubscribe</a>."));
    }
    return Optional.of(
        Finding.of(
            Rule.UNSUBSCRIBE_LINK,
            Severity.CRITICAL,
            "There is no way to unsubscribe: no unsubscribe link in the body and no"
                + " List-Unsubscribe header (CAN-SPAM, GDPR/ePrivacy right to object).",
            "Add <a href=\"https://…/unsubscribe\">Unsubscribe</a> to the footer and send a"
                + " List-Unsubscribe header."));
  }

  private static Optional<Finding> listUnsubscribeHeader(ScannedEmail email) {
    Optional<String> header = email.email().header("List-Unsubscribe");
    if (header.isEmpty()) {
      return Optional.of(
          Finding.of(
              Rule.LIST_UNSUBSCRIBE_HEADER,
              Severity.WARNING,
              "No List-Unsubscribe header; Gmail and Yahoo require it of bulk senders and show"
                  + " an unsubscribe button for it.",
              "Add the header List-Unsubscribe: <https://…/unsubscribe?id=…>,"
                  + " <mailto:unsubscribe@…>."));
    }
    if (!HEADER_URI.matcher(header.get()).find()) {
      return Optional.of(
          Finding.of(
              Rule.LIST_UNSUBSCRIBE_HEADER,
              Severity.WARNING,
              "The List-Unsubscribe header holds no <https:…> or <mailto:…> URI in angle"
                  + " brackets (RFC 2369), so clients ignore it.",
              "Write it as List-Unsubscribe: <https://…/unsubscribe?id=…>.",
              header.get()));
    }
    return Optional.empty();
  }

  private static Optional<Finding> oneClickUnsubscribe(ScannedEmail email) {
    Optional<String> header = usableListUnsubscribe(email);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    boolean post =
        email
            .email()
            .header("List-Unsubscribe-Post")
            .map(String::strip)
            .filter(value -> value.equalsIgnoreCase("List-Unsubscribe=One-Click"))
            .isPresent();
    if (post && HTTPS_URI.matcher(header.get()).find()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.ONE_CLICK_UNSUBSCRIBE,
            Severity.WARNING,
            "No one-click unsubscribe (RFC 8058), which Gmail and Yahoo require of bulk senders:"
                + " it needs an https URI in List-Unsubscribe and a List-Unsubscribe-Post header.",
            "Add List-Unsubscribe-Post: List-Unsubscribe=One-Click and an"
                + " <https://…> URI that unsubscribes on POST."));
  }

  /** The List-Unsubscribe header, if it has a URI that clients can use. */
  private static Optional<String> usableListUnsubscribe(ScannedEmail email) {
    return email.email().header("List-Unsubscribe").filter(h -> HEADER_URI.matcher(h).find());
  }

  private static Optional<Finding> postalAddress(ScannedEmail email) {
    String text = email.allText();
    if (POSTAL_ADDRESSES.stream().anyMatch(address -> address.matcher(text).find())) {
      return Optional.empty();
    }
    if (email.sender().postalAddress().isPresent()) {
      return Optional.of(
          Finding.of(
              Rule.POSTAL_ADDRESS,
              Severity.INFO,
              "The body shows no postal address; the sender's address on file must be added to"
                  + " the footer at send time, since CAN-SPAM requires it in every message.",
              "Put the address in the footer, or check that your sending platform appends it.",
              email.sender().postalAddress().get()));
    }
    return Optional.of(
        Finding.of(
            Rule.POSTAL_ADDRESS,
            Severity.ERROR,
            "No physical postal address of the sender, which CAN-SPAM requires in every"
                + " commercial email.",
            "Add the company's postal address (street address or registered P.O. box) to the"
                + " footer."));
  }
}
