package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A model's plain-text body becomes HTML with nothing of the model's markup in it. */
class BodyHtmlTest {

  @Test
  void paragraphsListsAndTheCallToActionBecomeTheirElements() {
    String text =
        """
        Hi {{ first_name | default: "there" }},

        Spring is here. We picked five routes:
        - Easy river walks
        - A full-day ridge loop

        Read the spring trail guide: https://acme.com/guides/spring

        See you outside,
        The Acme Outdoor team""";

    assertThat(BodyHtml.of(text))
        .isEqualTo(
            "<p>Hi {{ first_name | default: \"there\" }},</p>"
                + "<p>Spring is here. We picked five routes:</p>"
                + "<ul><li>Easy river walks</li><li>A full-day ridge loop</li></ul>"
                + "<p><a href=\"https://acme.com/guides/spring\">Read the spring trail guide</a></p>"
                + "<p>See you outside,<br>The Acme Outdoor team</p>");
  }

  @Test
  void aUrlInASentenceLinksToItselfWithoutTheSentencesFullStop() {
    assertThat(BodyHtml.of("Routes and maps are at https://acme.com/guides."))
        .isEqualTo(
            "<p>Routes and maps are at"
                + " <a href=\"https://acme.com/guides\">https://acme.com/guides</a>.</p>");
  }

  @Test
  void theModelsMarkupIsEscapedNotRendered() {
    String html =
        BodyHtml.of(
            "<script>alert(1)</script> & <a href=\"https://evil.example\">click</a>\n"
                + "* <img src=x onerror=alert(1)>");

    assertThat(html)
        .startsWith("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;a href=")
        .contains("<ul><li>&lt;img src=x onerror=alert(1)&gt;</li></ul>")
        .doesNotContain("<script", "<img", "<a href=\"https://evil.example\">click</a>");
  }
}
