package ai.maily.mesh.trust.page;

import ai.maily.mesh.trust.cert.Certificate;
import ai.maily.mesh.trust.verify.Check;
import ai.maily.mesh.trust.verify.CheckStatus;
import ai.maily.mesh.trust.verify.Verdict;
import ai.maily.mesh.trust.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Renders the public page {@code /verify/{certificateId}}: a self-contained HTML document (inline
 * CSS, the QR code as a {@code data:} URI, no scripts, nothing fetched from elsewhere) that shows
 * each check in words, green, red or grey "couldn't check", and a form that posts a pasted email
 * back to the page. Everything that comes from outside is HTML-escaped.
 */
public final class VerificationPage {

  /** The form field that carries a pasted email. */
  public static final String EMAIL_FIELD = "email";

  /** Pixel size of the QR code on the page. */
  static final int QR_SIZE = 200;

  private static final Map<String, String> CHECK_TITLES =
      Map.of(
          Check.CONTENT_HASH, "The email matches what was certified",
          Check.CHECKPOINT_SIGNATURE, "The log signed the checkpoint",
          Check.INCLUSION, "The certificate is recorded in the log",
          Check.CONSISTENCY, "The log has not rewritten history since",
          Check.REVOCATION, "The certificate has not been revoked");

  /** How a notice reads: a problem in red, information in grey. */
  public enum Tone {
    PROBLEM,
    INFO
  }

  /** A sentence shown above the checks, e.g. why nothing could be checked. */
  public record Notice(Tone tone, String text) {

    /** Requires both fields. */
    public Notice {
      Objects.requireNonNull(tone, "tone");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * What the page shows.
   *
   * @param certificateId the id in the page's URL
   * @param pageUrl the page's absolute URL, which the QR code encodes
   * @param report the checks, when the certificate could be read
   * @param notice a sentence about what could not be done, if anything
   */
  public record View(
      String certificateId,
      String pageUrl,
      Optional<VerificationReport> report,
      Optional<Notice> notice) {

    /** Requires every field. */
    public View {
      Objects.requireNonNull(certificateId, "certificateId");
      Objects.requireNonNull(pageUrl, "pageUrl");
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(notice, "notice");
    }
  }

  private VerificationPage() {}

  /** The page as HTML. */
  public static String render(View view) {
    StringBuilder html = new StringBuilder(8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Certificate ")
        .append(escape(view.certificateId()))
        .append(" · Maily trust</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n")
        .append("<h1>Certificate <code>")
        .append(escape(view.certificateId()))
        .append("</code></h1>\n");
    view.notice().ifPresent(notice -> notice(html, notice));
    view.report().ifPresent(report -> report(html, report));
    html.append("<section class=\"qr\">\n<img alt=\"QR code linking to this page\" width=\"")
        .append(QR_SIZE)
        .append("\" height=\"")
        .append(QR_SIZE)
        .append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(QrCode.png(view.pageUrl(), QR_SIZE)))
        .append("\">\n<p>Scan to open this page: <a href=\"")
        .append(escape(view.pageUrl()))
        .append("\">")
        .append(escape(view.pageUrl()))
        .append("</a></p>\n</section>\n");
    html.append("<section>\n<h2>Check an email you received</h2>\n")
        .append("<form method=\"post\" action=\"")
        .append(escape(view.pageUrl()))
        .append("\">\n<label for=\"")
        .append(EMAIL_FIELD)
        .append(
            "\">Paste the whole message, headers included (in most mail apps: “Show original”"
                + " or “View source”).</label>\n<textarea id=\"")
        .append(EMAIL_FIELD)
        .append("\" name=\"")
        .append(EMAIL_FIELD)
        .append("\" rows=\"12\" required></textarea>\n")
        .append("<button type=\"submit\">Check this email</button>\n</form>\n</section>\n")
        .append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void notice(StringBuilder html, Notice notice) {
    html.append("<p class=\"notice ")
        .append(notice.tone() == Tone.PROBLEM ? "fail" : "unknown")
        .append("\">")
        .append(escape(notice.text()))
        .append("</p>\n");
  }

  private static void report(StringBuilder html, VerificationReport report) {
    Certificate certificate = report.certificate();
    Verdict verdict = report.verdict();
    html.append("<p class=\"verdict ")
        .append(
            switch (verdict) {
              case VERIFIED -> "pass";
              case FAILED -> "fail";
              case INCOMPLETE -> "unknown";
            })
        .append("\">")
        .append(
            switch (verdict) {
              case VERIFIED -> "Verified: every check passed.";
              case FAILED -> "Not verified: at least one check failed.";
              case INCOMPLETE -> "Not fully checked: no check failed, but some couldn't be made.";
            })
        .append("</p>\n<dl class=\"facts\">\n");
    fact(html, "About", certificate.subject().type().code() + " " + certificate.subject().id());
    fact(html, "Issued by", certificate.issuer());
    fact(html, "Issued at", certificate.issuedAt().toString());
    fact(html, "Log entry", Long.toString(certificate.leafIndex()));
    fact(html, "Content hash (SHA-256)", certificate.contentHash().base64());
    html.append("</dl>\n<ul class=\"checks\">\n");
    for (Check check : report.checks()) {
      String css = css(check.status());
      html.append("<li class=\"")
          .append(css)
          .append("\"><span class=\"badge ")
          .append(css)
          .append("\">")
          .append(escape(check.status().words()))
          .append("</span> <strong>")
          .append(escape(CHECK_TITLES.getOrDefault(check.name(), check.name())))
          .append("</strong><br><span class=\"detail\">")
          .append(escape(check.detail()))
          .append("</span></li>\n");
    }
    html.append("</ul>\n");
  }

  private static void fact(StringBuilder html, String name, String value) {
    html.append("<dt>")
        .append(escape(name))
        .append("</dt><dd>")
        .append(escape(value))
        .append("</dd>\n");
  }

  private static String css(CheckStatus status) {
    return switch (status) {
      case PASS -> "pass";
      case FAIL -> "fail";
      case UNKNOWN -> "unknown";
    };
  }

  /** Escapes the five characters that are special in HTML text and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String sha256Base64(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  private static final String STYLE =
      """

      body { font-family: system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
      main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
      h1 code { font-size: 0.8em; word-break: break-all; }
      .verdict, .notice { padding: 0.75rem 1rem; border-radius: 0.5rem; font-weight: 600; }
      .pass { background: #e3f6e8; color: #14532d; }
      .fail { background: #fde4e4; color: #7f1d1d; }
      .unknown { background: #eceef2; color: #374151; }
      .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
      .facts dt { font-weight: 600; }
      .facts dd { margin: 0; word-break: break-all; }
      .checks { list-style: none; padding: 0; }
      .checks li { margin: 0.5rem 0; padding: 0.75rem 1rem; border-radius: 0.5rem; }
      .badge { display: inline-block; min-width: 7rem; font-weight: 700; text-transform: uppercase;
               font-size: 0.8rem; }
      .detail { font-size: 0.9rem; word-break: break-word; }
      .qr { text-align: center; margin: 1.5rem 0; }
      .qr img { image-rendering: pixelated; }
      textarea { width: 100%; font-family: monospace; box-sizing: border-box; }
      button { margin-top: 0.5rem; padding: 0.5rem 1rem; font-size: 1rem; }
      """;

  /**
   * The page's one inline element a Content-Security-Policy has to allow, its style sheet, as a CSP
   * hash source ({@code 'sha256-...'}), so that no other inline style or script runs.
   */
  public static final String STYLE_SOURCE = "'sha256-" + sha256Base64(STYLE) + "'";
}
