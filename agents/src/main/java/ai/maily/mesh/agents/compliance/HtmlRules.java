package ai.maily.mesh.agents.compliance;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The rules on how the HTML part is built: images, active content and size. */
final class HtmlRules {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Set<String> ACTIVE_ELEMENTS =
      Set.of("script", "form", "iframe", "object", "embed", "applet", "frame", "frameset");
  // Below this many words a filter cannot tell what the email is about.
  private static final int MIN_WORDS = 25;
  // Deliverability guides ask for roughly 60% text; this many characters per image is the floor.
  private static final int MIN_CHARS_PER_IMAGE = 100;
  // Gmail clips the body of a message above 102 KB and hides the rest behind a link.
  private static final int GMAIL_CLIP_BYTES = 102 * 1024;

  private HtmlRules() {}

  static List<Finding> check(ScannedEmail email) {
    if (email.html().isEmpty()) {
      return List.of();
    }
    HtmlContent html = email.html().get();
    List<HtmlContent.Image> content =
        html.images().stream().filter(image -> !image.pixel()).toList();
    return Stream.of(
            imageOnlyBody(html, content),
            textToImageRatio(html, content),
            imageAltText(content),
            trackingPixel(html),
            activeContent(html),
            htmlSize(email.email().html().orElse("")))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<Finding> imageOnlyBody(HtmlContent html, List<HtmlContent.Image> images) {
    long words = WORD.matcher(html.text()).results().count();
    if (images.isEmpty() || words >= MIN_WORDS) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.IMAGE_ONLY_BODY,
            Severity.ERROR,
            "The HTML is mostly images ("
                + images.size()
                + " image(s), "
                + words
                + " words of text): filters cannot read it, and clients that block images show"
                + " an empty email.",
            "Put the message in live text and use images only to illustrate it.",
            html.text()));
  }

  private static Optional<Finding> textToImageRatio(
      HtmlContent html, List<HtmlContent.Image> images) {
    long words = WORD.matcher(html.text()).results().count();
    int chars = html.text().length();
    if (images.isEmpty() || words < MIN_WORDS || chars >= images.size() * MIN_CHARS_PER_IMAGE) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.TEXT_TO_IMAGE_RATIO,
            Severity.WARNING,
            "Only "
                + chars
                + " characters of text for "
                + images.size()
                + " images; filters distrust image-heavy email.",
            "Aim for at least "
                + MIN_CHARS_PER_IMAGE
                + " characters of text per image, or use"
                + " fewer images."));
  }

  private static Optional<Finding> imageAltText(List<HtmlContent.Image> images) {
    // alt="" is deliberate: it marks a decorative image for screen readers. Only a missing
    // attribute is a problem.
    List<String> missing =
        images.stream().filter(image -> image.alt().isEmpty()).map(HtmlContent.Image::src).toList();
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.IMAGE_ALT_TEXT,
            Severity.WARNING,
            missing.size()
                + " image(s) have no alt text; with images blocked, as many clients do by"
                + " default, and for screen readers they say nothing.",
            "Give every image an alt attribute that says what it shows, or alt=\"\" if it is"
                + " decorative.",
            String.join(", ", missing.subList(0, Math.min(3, missing.size())))));
  }

  private static Optional<Finding> trackingPixel(HtmlContent html) {
    Optional<HtmlContent.Image> pixel =
        html.images().stream().filter(HtmlContent.Image::pixel).findFirst();
    return pixel.map(
        image ->
            Finding.of(
                Rule.TRACKING_PIXEL,
                Severity.INFO,
                "The email contains a 1×1 image, the shape of an open-tracking pixel; under"
                    + " GDPR and ePrivacy, tracking opens needs consent or another lawful basis.",
                "Make sure your consent covers open tracking, or drop the pixel for recipients"
                    + " who have not agreed.",
                image.src()));
  }

  private static Optional<Finding> activeContent(HtmlContent html) {
    Set<String> active = new TreeSet<>(html.elements());
    active.retainAll(ACTIVE_ELEMENTS);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.ACTIVE_CONTENT,
            Severity.ERROR,
            "The HTML contains "
                + String.join(", ", active.stream().map(e -> "<" + e + ">").toList())
                + ", which email clients strip and filters treat as an attack.",
            "Remove scripts, forms, frames and plugins; link to a web page for anything"
                + " interactive."));
  }

  private static Optional<Finding> htmlSize(String html) {
    int bytes = html.getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= GMAIL_CLIP_BYTES) {
      return Optional.empty();
    }
    return Optional.of(
        Finding.of(
            Rule.HTML_SIZE,
            Severity.WARNING,
            "The HTML is "
                + bytes / 1024
                + " KB; Gmail clips messages above 102 KB and hides the rest, including the"
                + " unsubscribe link.",
            "Trim inline CSS and comments, compress the markup, or shorten the content."));
  }
}
