package ai.maily.mesh.agents.compliance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The rules on where links go: the signals filters use to spot phishing and abuse. */
final class LinkRules {

  private static final Set<String> SHORTENERS =
      Set.of(
          "bit.ly",
          "bitly.com",
          "tinyurl.com",
          "t.co",
          "goo.gl",
          "ow.ly",
          "is.gd",
          "buff.ly",
          "rebrand.ly",
          "cutt.ly",
          "tiny.cc",
          "shorturl.at",
          "rb.gy",
          "t.ly",
          "v.gd",
          "bl.ink",
          "s.id",
          "lnkd.in",
          "soo.gd",
          "clck.ru",
          "qr.ae",
          "adf.ly",
          "shorte.st",
          "tr.im",
          "x.co",
          "su.pr",
          "mcaf.ee",
          "db.tt",
          "po.st");
  // A domain-looking word in link text: "paypal.com", "www.bank.example/login", "https://x.io".
  // "@" before it means an email address, which is not a claim about the link target.
  private static final Pattern TEXT_DOMAIN =
      Pattern.compile(
          "(?i)(?<![@\\w.-])((?:https?://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+([a-z]{2,24}))"
              + "(?![\\w-])");
  // Bare names count as domains only with a TLD that people recognise as one, so that "Node.js"
  // or "e.g." in link text is not taken for a claim about where the link goes.
  private static final Set<String> WEB_TLDS =
      Set.of(
          "com", "net", "org", "info", "biz", "io", "co", "ai", "app", "dev", "me", "us", "uk",
          "de", "fr", "es", "it", "nl", "be", "ch", "at", "eu", "ca", "au", "nz", "jp", "cn", "in",
          "br", "mx", "ru", "se", "no", "dk", "fi", "pl", "pt", "ie", "gov", "edu", "shop", "store",
          "online", "site", "xyz", "tech", "email", "example");
  private static final int MAX_EXAMPLES = 3;

  private LinkRules() {}

  static List<Finding> check(ScannedEmail email) {
    return Stream.of(
            linkTextDomainMismatch(email),
            urlShortener(email),
            ipAddressLink(email),
            insecureLink(email))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Finding> linkTextDomainMismatch(ScannedEmail email) {
    List<String> mismatches = new ArrayList<>();
    for (HtmlContent.Link link : email.html().map(HtmlContent::links).orElse(List.of())) {
      Optional<String> target = RegistrableDomain.hostOf(link.href()).map(RegistrableDomain::of);
      if (target.isEmpty()) {
        continue;
      }
      Matcher named = TEXT_DOMAIN.matcher(link.text());
      while (named.find()) {
        String token = named.group(1).toLowerCase(Locale.ROOT);
        boolean explicit = token.startsWith("http") || token.startsWith("www.");
        if (!explicit && !WEB_TLDS.contains(named.group(2).toLowerCase(Locale.ROOT))) {
          continue;
        }
        String claimed = RegistrableDomain.of(token.replaceFirst("^https?://", ""));
        if (!claimed.equals(target.get())) {
          mismatches.add("\"" + link.text() + "\" → " + link.href());
          break;
        }
      }
    }
    if (mismatches.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.LINK_TEXT_DOMAIN_MISMATCH,
            Severity.CRITICAL,
            mismatches.size()
                + " link(s) show one domain in their text but go to another, the signature of"
                + " phishing.",
            "Make the link text match the target, or use words instead of a domain (\"Open your"
                + " account\").",
            examples(mismatches)));
  }

  private static Optional<Finding> urlShortener(ScannedEmail email) {
    Set<String> shortened = new LinkedHashSet<>();
    for (String link : email.links()) {
      RegistrableDomain.hostOf(link)
          .map(host -> host.replaceFirst("^www\\.", ""))
          .filter(SHORTENERS::contains)
          .ifPresent(host -> shortened.add(link));
    }
    if (shortened.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.URL_SHORTENER,
            Severity.ERROR,
            "Links through public URL shorteners hide their target; spammers abuse them, so"
                + " their domains sit on block lists.",
            "Link to the full URL on your own domain (a branded short domain you own is fine).",
            examples(shortened)));
  }

  private static Optional<Finding> ipAddressLink(ScannedEmail email) {
    Set<String> numeric = new LinkedHashSet<>();
    for (String link : email.links()) {
      RegistrableDomain.hostOf(link)
          .filter(RegistrableDomain::isIpAddress)
          .ifPresent(host -> numeric.add(link));
    }
    if (numeric.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.IP_ADDRESS_LINK,
            Severity.ERROR,
            "Links point to a bare IP address, which filters treat as a phishing signal.",
            "Link to a host name on your own domain.",
            examples(numeric)));
  }

  private static Optional<Finding> insecureLink(ScannedEmail email) {
    Set<String> insecure = new LinkedHashSet<>();
    for (String link : email.links()) {
      if (link.regionMatches(true, 0, "http://", 0, 7)) {
        insecure.add(link);
      }
    }
    if (insecure.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.INSECURE_LINK,
            Severity.WARNING,
            insecure.size() + " link(s) use plain http; browsers warn and filters trust them less.",
            "Serve the pages over https and link with https://.",
            examples(insecure)));
  }

  private static String examples(Iterable<String> items) {
    List<String> examples = new ArrayList<>();
    for (String item : items) {
      if (examples.size() == MAX_EXAMPLES) {
        break;
      }
      examples.add(item);
    }
    return String.join(", ", examples);
  }
}
