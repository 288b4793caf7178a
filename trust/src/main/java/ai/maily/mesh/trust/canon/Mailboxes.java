package ai.maily.mesh.trust.canon;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Canonical form of an address-list header (From, Reply-To): each mailbox as {@code "Display Name"
 * <local@domain>} or {@code <local@domain>}, joined by {@code ", "}.
 *
 * <p>Quoting, comments, encoded words and whitespace in the display name are normalised away, and
 * the domain is lower-cased (DNS names are case-insensitive); the local part keeps its case, which
 * RFC 5321 lets a receiving domain treat as significant. The display name is always quoted, with
 * {@code \} and {@code "} escaped, so that no two different lists share a canonical form.
 */
final class Mailboxes {

  private Mailboxes() {}

  /**
   * Canonicalises {@code value}, the header's text after unfolding.
   *
   * @throws ai.maily.mesh.core.problem.ProblemException naming {@code field} if a mailbox has no
   *     address
   */
  static String canonical(String field, String value) {
    List<String> mailboxes = new ArrayList<>();
    for (Mailbox mailbox : parse(field, value)) {
      mailboxes.add(mailbox.canonical());
    }
    if (mailboxes.isEmpty()) {
      throw MimeMessage.invalid(field + " holds no address");
    }
    return String.join(", ", mailboxes);
  }

  private record Word(String text, boolean quoted) {}

  private record Mailbox(String name, String address) {
    String canonical() {
      if (name.isEmpty()) {
        return "<" + address + ">";
      }
      return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
    }
  }

  private static List<Mailbox> parse(String field, String value) {
    List<Mailbox> mailboxes = new ArrayList<>();
    List<Word> words = new ArrayList<>();
    String angle = null;
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '"') {
        StringBuilder quoted = new StringBuilder();
        i++;
        while (i < value.length() && value.charAt(i) != '"') {
          if (value.charAt(i) == '\\' && i + 1 < value.length()) {
            i++;
          }
          quoted.append(value.charAt(i++));
        }
        i++;
        words.add(new Word(quoted.toString(), true));
      } else if (c == '(') {
        i = skipComment(value, i);
      } else if (c == '<') {
        int close = value.indexOf('>', i);
        if (close < 0) {
          throw MimeMessage.invalid(field + " has a '<' without a closing '>'");
        }
        angle = value.substring(i + 1, close);
        i = close + 1;
      } else if (c == ',') {
        add(field, mailboxes, words, angle);
        words = new ArrayList<>();
        angle = null;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        int start = i;
        while (i < value.length() && !isSpecial(value.charAt(i))) {
          i++;
        }
        words.add(new Word(value.substring(start, i), false));
      }
    }
    add(field, mailboxes, words, angle);
    return mailboxes;
  }

  private static boolean isSpecial(char c) {
    return c == '"' || c == '(' || c == '<' || c == ',' || Character.isWhitespace(c);
  }

  private static int skipComment(String value, int open) {
    int depth = 0;
    int i = open;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    return value.length();
  }

  private static void add(String field, List<Mailbox> mailboxes, List<Word> words, String angle) {
    if (words.isEmpty() && angle == null) {
      return;
    }
    if (angle == null) {
      // A bare addr-spec, possibly written with spaces around its dots or @.
      StringBuilder address = new StringBuilder();
      words.forEach(word -> address.append(word.quoted() ? quote(word.text()) : word.text()));
      mailboxes.add(new Mailbox("", address(field, address.toString())));
      return;
    }
    mailboxes.add(new Mailbox(displayName(words), address(field, angle)));
  }

  private static String quote(String localPart) {
    return "\"" + localPart.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String displayName(List<Word> words) {
    StringBuilder name = new StringBuilder();
    for (Word word : words) {
      if (name.length() > 0) {
        name.append(' ');
      }
      name.append(word.text());
    }
    // Mailers put encoded words in quoted names too, and readers decode them there.
    return TextNormalizer.headerText(EncodedWords.decode(name.toString()));
  }

  private static String address(String field, String raw) {
    String address = raw.strip().replaceAll("\\s+", "");
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      throw MimeMessage.invalid(field + " address \"" + raw.strip() + "\" is not local@domain");
    }
    return TextNormalizer.nfc(
        address.substring(0, at + 1) + address.substring(at + 1).toLowerCase(Locale.ROOT));
  }
}
