package ai.maily.mesh.agents.compliance;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox from a From or Reply-To header: {@code "Name" <addr@domain>}, {@code Name
 * <addr@domain>} or {@code addr@domain}.
 *
 * @param displayName the name shown in inboxes, empty if there is none
 * @param address the bare address
 */
public record MailAddress(String displayName, String address) {

  private static final Pattern NAME_ADDR = Pattern.compile("^(.*?)\\s*<([^<>]*)>$");
  // The dot-atom form of RFC 5322 with a dotted domain: quoted local parts and address literals
  // are legal but no bulk sender uses them, and filters distrust them.
  private static final Pattern ADDR_SPEC =
      Pattern.compile(
          "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
              + "@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

  /** Parses a header value; empty if it does not hold exactly one valid mailbox. */
  public static Optional<MailAddress> parse(String header) {
    String value = header.strip();
    String name = "";
    String address = value;
    Matcher nameAddr = NAME_ADDR.matcher(value);
    if (nameAddr.matches()) {
      name = unquote(nameAddr.group(1).strip());
      address = nameAddr.group(2).strip();
    }
    return ADDR_SPEC.matcher(address).matches()
        ? Optional.of(new MailAddress(name, address))
        : Optional.empty();
  }

  /** The part after the {@code @}, lower-case. */
  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  /** The part before the {@code @}, lower-case. */
  public String localPart() {
    return address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
  }

  private static String unquote(String name) {
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\\\"", "\"").strip();
    }
    return name;
  }
}
