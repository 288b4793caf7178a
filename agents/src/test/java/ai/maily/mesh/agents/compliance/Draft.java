package ai.maily.mesh.agents.compliance;

import ai.maily.mesh.agents.Email;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A mutable email draft for tests; it starts clean, so each test changes only what it checks. */
final class Draft {

  static final String CLEAN_HTML =
      """
      <html><head><title>Spring guide</title><style>.x { color: red; }</style></head><body>
      <p>Hi there,</p>
      <p>Spring is here and the trails are open again. We picked five routes within an hour of
      the city, from easy river walks to a full-day ridge loop, and wrote down what to pack.</p>
      <p><a href="https://acme.com/guides/spring">Read the spring trail guide</a></p>
      <img src="https://acme.com/img/ridge.jpg" alt="The ridge loop at sunrise" width="600">
      <p>See you outside,<br>The Acme team</p>
      <p>Acme Outdoor, 123 Main Street, Springfield, IL 62704</p>
      <p><a href="https://acme.com/unsubscribe?u=123">Unsubscribe</a> &middot;
      <a href="https://acme.com/preferences">Manage preferences</a></p>
      </body></html>
      """;
  static final String CLEAN_TEXT =
      """
      Hi there,

      Spring is here and the trails are open again. We picked five routes within an hour of
      the city, from easy river walks to a full-day ridge loop, and wrote down what to pack.

      Read the spring trail guide: https://acme.com/guides/spring

      See you outside,
      The Acme team

      Acme Outdoor, 123 Main Street, Springfield, IL 62704
      Unsubscribe: https://acme.com/unsubscribe?u=123
      """;

  String from = "Acme Outdoor <news@acme.com>";
  String replyTo;
  String subject = "Your spring trail guide is here";
  String preheader = "Five routes within an hour of the city, plus what to pack.";
  String html = CLEAN_HTML;
  String text = CLEAN_TEXT;
  final Map<String, String> headers = new LinkedHashMap<>();
  Sender sender =
      new Sender(
          Optional.of("Acme Outdoor"),
          Optional.of("123 Main Street, Springfield, IL 62704"),
          Optional.of("acme.com"));

  Draft() {
    headers.put(
        "List-Unsubscribe", "<https://acme.com/unsubscribe?u=123>, <mailto:unsubscribe@acme.com>");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }

  static Draft clean() {
    return new Draft();
  }

  Draft from(String value) {
    from = value;
    return this;
  }

  Draft replyTo(String value) {
    replyTo = value;
    return this;
  }

  Draft subject(String value) {
    subject = value;
    return this;
  }

  Draft preheader(String value) {
    preheader = value;
    return this;
  }

  Draft html(String value) {
    html = value;
    return this;
  }

  /** Replaces the HTML body but keeps the clean footer, so only the body is under test. */
  Draft htmlBody(String body) {
    return html(
        "<html><body>"
            + body
            + "<p>Acme Outdoor, 123 Main Street, Springfield, IL 62704</p>"
            + "<p><a href=\"https://acme.com/unsubscribe?u=123\">Unsubscribe</a></p></body></html>");
  }

  Draft text(String value) {
    text = value;
    return this;
  }

  Draft header(String name, String value) {
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
    return this;
  }

  Draft sender(Sender value) {
    sender = value;
    return this;
  }

  Email email() {
    return new Email(
        from,
        Optional.ofNullable(replyTo),
        subject,
        Optional.ofNullable(preheader),
        Optional.ofNullable(html),
        Optional.ofNullable(text),
        headers);
  }

  ComplianceReport check() {
    return ComplianceRules.check(email(), sender);
  }

  /** The finding of one rule, if it fired. */
  Optional<Finding> finding(Rule rule) {
    return check().findings().stream().filter(f -> f.rule() == rule).findFirst();
  }
}
