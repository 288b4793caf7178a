package ai.maily.mesh.agents.compliance;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The rules on who the email says it is from. */
final class SenderRules {

  // Their owners publish DMARC policies (p=reject at Yahoo and AOL, p=quarantine at Gmail and
  // Outlook), so bulk mail that an email platform sends in their name is rejected or junked.
  private static final Set<String> FREE_MAIL_DOMAINS =
      Set.of(
          "gmail.com",
          "googlemail.com",
          "yahoo.com",
          "yahoo.co.uk",
          "yahoo.fr",
          "yahoo.de",
          "ymail.com",
          "rocketmail.com",
          "aol.com",
          "hotmail.com",
          "hotmail.co.uk",
          "outlook.com",
          "live.com",
          "msn.com",
          "icloud.com",
          "me.com",
          "mac.com",
          "gmx.de",
          "gmx.net",
          "gmx.com",
          "web.de",
          "t-online.de",
          "mail.com",
          "mail.ru",
          "yandex.ru",
          "yandex.com",
          "proton.me",
          "protonmail.com",
          "zoho.com",
          "orange.fr",
          "free.fr",
          "laposte.net",
          "libero.it",
          "qq.com",
          "163.com");
  private static final Pattern NO_REPLY = Pattern.compile("no[-_.]?reply|do[-_.]?not[-_.]?reply");

  private SenderRules() {}

  static List<Finding> check(ScannedEmail email) {
    Optional<MailAddress> from = MailAddress.parse(email.email().from());
    if (from.isEmpty()) {
      return Stream.of(Optional.of(invalidFrom(email)), replyToAddress(email))
          .flatMap(Optional::stream)
          .toList();
    }
    return Stream.of(
            fromDisplayName(email, from.get()),
            fromDomainAlignment(email, from.get()),
            freeMailSender(from.get()),
            noReplySender(from.get()),
            replyToAddress(email))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Finding invalidFrom(ScannedEmail email) {
    return Finding.of(
        Rule.FROM_ADDRESS,
        Severity.CRITICAL,
        "The From header holds no valid email address, so the message cannot be sent or is"
            + " rejected as forged.",
        "Use a mailbox on your sending domain, e.g. \"Acme <news@acme.com>\".",
        email.email().from());
  }

  private static Optional<Finding> fromDisplayName(ScannedEmail email, MailAddress from) {
    if (!from.displayName().isBlank()) {
      return Optional.empty();
    }
    String name = email.sender().name().orElse("Your Brand");
    return Optional.of(
        Finding.of(
            Rule.FROM_DISPLAY_NAME,
            Severity.WARNING,
            "The From header has no display name, so inboxes show a bare address and recipients"
                + " cannot tell at a glance who is writing.",
            "Send as \"" + name + " <" + from.address() + ">\".",
            email.email().from()));
  }

  private static Optional<Finding> fromDomainAlignment(ScannedEmail email, MailAddress from) {
    Optional<String> sendingDomain = email.sender().domain();
    if (sendingDomain.isEmpty()
        || RegistrableDomain.of(sendingDomain.get()).equals(RegistrableDomain.of(from.domain()))) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.FROM_DOMAIN_ALIGNMENT,
            Severity.ERROR,
            "The From domain "
                + from.domain()
                + " does not align with the sending domain "
                + sendingDomain.get()
                + ", so DMARC fails and providers junk or reject the message.",
            "Send from an address at " + sendingDomain.get() + " or one of its subdomains.",
            from.address()));
  }

  private static Optional<Finding> freeMailSender(MailAddress from) {
    if (!FREE_MAIL_DOMAINS.contains(from.domain())) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.FREE_MAIL_SENDER,
            Severity.ERROR,
            "Bulk mail from a free-mail address ("
                + from.domain()
                + ") fails that provider's DMARC policy and is rejected or junked.",
            "Send from an address on a domain you own and have authenticated with SPF and DKIM.",
            from.address()));
  }

  private static Optional<Finding> noReplySender(MailAddress from) {
    if (!NO_REPLY.matcher(from.localPart()).find()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.NO_REPLY_SENDER,
            Severity.WARNING,
            "A no-reply address discourages replies, which mailbox providers count as engagement,"
                + " and leaves recipients no contact point for data-protection requests.",
            "Send from a monitored address such as hello@ or team@ on your domain.",
            from.address()));
  }

  private static Optional<Finding> replyToAddress(ScannedEmail email) {
    Optional<String> replyTo = email.email().replyTo().filter(r -> !r.isBlank());
    if (replyTo.isEmpty() || MailAddress.parse(replyTo.get()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.REPLY_TO_ADDRESS,
            Severity.WARNING,
            "The Reply-To header holds no valid email address, so replies bounce.",
            "Use a monitored mailbox such as \"Acme Support <support@acme.com>\" or drop the"
                + " header.",
            replyTo.get()));
  }
}
