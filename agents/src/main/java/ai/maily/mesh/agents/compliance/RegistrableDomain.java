package ai.maily.mesh.agents.compliance;

import com.google.common.net.InternetDomainName;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The registrable domain of a host ({@code news.acme.co.uk} → {@code acme.co.uk}), the unit that
 * DMARC alignment and phishing checks compare.
 *
 * <p>It is the label just below the host's public suffix in the Public Suffix List that Guava's
 * {@link InternetDomainName} ships, private suffixes included: {@code shop-a.com.ng} and {@code
 * shop-b.com.ng} are two sites, and so are {@code alice.github.io} and {@code bob.github.io}. A
 * name the list cannot place (an unlisted top-level domain such as {@code .internal}, or a name
 * that is no valid domain name) falls back to its last two labels, so that the checks then miss a
 * problem rather than raise a false alarm.
 */
public final class RegistrableDomain {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(?:\\.\\d{1,3}){3}");
  private static final Pattern HOST = Pattern.compile("[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?");
  private static final Pattern WEB_SCHEME = Pattern.compile("(?i)^(?:https?|ftp):");
  private static final Pattern ANY_SCHEME = Pattern.compile("(?i)^[a-z][a-z0-9+.-]*:");

  private RegistrableDomain() {}

  /** The registrable domain of a host name; an IP address, or a public suffix, is its own. */
  public static String of(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (isIpAddress(name)) {
      return name;
    }
    if (InternetDomainName.isValid(name)) {
      InternetDomainName domain = InternetDomainName.from(name);
      if (domain.isUnderPublicSuffix()) {
        return domain.topPrivateDomain().toString();
      }
      if (domain.isPublicSuffix()) {
        return name;
      }
    }
    String[] labels = name.split("\\.");
    return labels.length <= 2 ? name : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  /**
   * The host a web link points to: {@code https://user@host:8080/x} → {@code host}. Empty for links
   * without a web host ({@code mailto:}, {@code #top}, relative paths, unrendered merge tags). A
   * bare {@code www.} name counts, since clients make it a link.
   */
  public static Optional<String> hostOf(String url) {
    String link = url.strip();
    String rest;
    if (WEB_SCHEME.matcher(link).find()) {
      rest = link.substring(link.indexOf(':') + 1);
      if (!rest.startsWith("//")) {
        return Optional.empty();
      }
      rest = rest.substring(2);
    } else if (ANY_SCHEME.matcher(link).find()) {
      return Optional.empty();
    } else if (link.startsWith("//")) {
      rest = link.substring(2);
    } else if (link.regionMatches(true, 0, "www.", 0, 4)) {
      rest = link;
    } else {
      return Optional.empty();
    }
    String authority = rest.split("[/?#\\\\]", 2)[0];
    // "https://paypal.com@evil.example" goes to evil.example: everything before the last @ is
    // user info, an old phishing trick.
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? Optional.empty() : Optional.of(hostPort.substring(0, close + 1));
    }
    String host = hostPort.split(":", 2)[0].toLowerCase(Locale.ROOT);
    return HOST.matcher(host).matches() ? Optional.of(host) : Optional.empty();
  }

  /** True for dotted IPv4 and bracketed IPv6 literals. */
  public static boolean isIpAddress(String host) {
    return IPV4.matcher(host).matches() || host.startsWith("[");
  }
}
