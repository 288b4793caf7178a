package ai.maily.mesh.agents.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlRulesTest {

  private static final String PARAGRAPH =
      "<p>Spring is here and the trails are open again. We picked five routes within an hour of"
          + " the city, from easy river walks to a full-day ridge loop.</p>";

  private static String images(int count) {
    return "<img src=\"https://acme.com/p.jpg\" alt=\"A tent\">".repeat(count);
  }

  @Test
  void flagsAnImageOnlyBody() {
    Finding finding =
        Draft.clean()
            .htmlBody("<img src=\"https://acme.com/sale.png\" alt=\"Sale\">")
            .finding(Rule.IMAGE_ONLY_BODY)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).contains("1 image(s)");
  }

  @Test
  void acceptsImagesWithEnoughText() {
    Draft draft = Draft.clean().htmlBody(PARAGRAPH + PARAGRAPH + images(2));

    assertThat(draft.finding(Rule.IMAGE_ONLY_BODY)).isEmpty();
    assertThat(draft.finding(Rule.TEXT_TO_IMAGE_RATIO)).isEmpty();
  }

  @Test
  void warnsOnTooLittleTextPerImage() {
    Finding finding =
        Draft.clean()
            .htmlBody(PARAGRAPH + images(6))
            .finding(Rule.TEXT_TO_IMAGE_RATIO)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.message()).contains("for 6 images");
  }

  @Test
  void doesNotCountTrackingPixelsAsImages() {
    Draft draft =
        Draft.clean()
            .htmlBody("<p>Hi</p><img src=\"https://t.acme.com/o.gif\" width=\"1\" height=\"1\">");

    assertThat(draft.finding(Rule.IMAGE_ONLY_BODY)).isEmpty();
    assertThat(draft.finding(Rule.IMAGE_ALT_TEXT)).isEmpty();
    assertThat(draft.finding(Rule.TRACKING_PIXEL)).isPresent();
  }

  @Test
  void warnsOnImagesWithoutAltAttribute() {
    Finding finding =
        Draft.clean()
            .htmlBody(PARAGRAPH + "<img src=\"https://acme.com/tent.jpg\">")
            .finding(Rule.IMAGE_ALT_TEXT)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.WARNING);
    assertThat(finding.evidence()).contains("https://acme.com/tent.jpg");
  }

  @Test
  void acceptsEmptyAltOnDecorativeImages() {
    assertThat(
            Draft.clean()
                .htmlBody(PARAGRAPH + "<img src=\"https://acme.com/divider.png\" alt=\"\">")
                .finding(Rule.IMAGE_ALT_TEXT))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<img src=\"https://t.acme.com/o.gif\" width=\"1\" height=\"1\" alt=\"\">",
        "<img src=\"https://t.acme.com/o.gif\" width=0 height=0>",
        "<img src=\"https://t.acme.com/o.gif\" style=\"width: 1px; height: 1px; border: 0\">"
      })
  void notesTrackingPixels(String pixel) {
    Finding finding =
        Draft.clean().htmlBody(PARAGRAPH + pixel).finding(Rule.TRACKING_PIXEL).orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.INFO);
    assertThat(finding.evidence()).contains("https://t.acme.com/o.gif");
  }

  @Test
  void flagsScriptsFormsAndFrames() {
    Finding finding =
        Draft.clean()
            .htmlBody(
                PARAGRAPH
                    + "<script>track()</script><form action=\"https://acme.com\"></form>"
                    + "<iframe src=\"https://acme.com\"></iframe>")
            .finding(Rule.ACTIVE_CONTENT)
            .orElseThrow();

    assertThat(finding.severity()).isEqualTo(Severity.ERROR);
    assertThat(finding.message()).contains("<form>, <iframe>, <script>");
  }

  @Test
  void warnsWhenGmailWouldClipTheHtml() {
    String padding = "<!-- " + "x".repeat(103 * 1024) + " -->";

    assertThat(Draft.clean().html(Draft.CLEAN_HTML + padding).finding(Rule.HTML_SIZE))
        .get()
        .extracting(Finding::severity)
        .isEqualTo(Severity.WARNING);
    assertThat(Draft.clean().finding(Rule.HTML_SIZE)).isEmpty();
  }
}
