package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import ai.maily.mesh.agents.Email;
import ai.maily.mesh.agents.brand.VoiceCheck.Sentence;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailTextTest {

  private static Email email(String subject, String preheader, String html, String text) {
    return new Email(
        "Beanstalk <hello@beanstalk.coffee>",
        Optional.empty(),
        subject,
        Optional.ofNullable(preheader),
        Optional.ofNullable(html),
        Optional.ofNullable(text),
        Map.of());
  }

  @Test
  void readsSubjectPreheaderAndThePlainTextBody() {
    assertThat(
            EmailText.sentences(
                email(
                    "Winter Blend is back",
                    "Cozy mornings ahead.",
                    "<p>ignored</p>",
                    "Hi there. Grab a bag.")))
        .containsExactly(
            new Sentence("subject", "Winter Blend is back"),
            new Sentence("preheader", "Cozy mornings ahead."),
            new Sentence("body", "Hi there."),
            new Sentence("body", "Grab a bag."));
  }

  @Test
  void readsTheVisibleHtmlWhenThereIsNoTextPartWithBlocksEndingSentences() {
    String html =
        "<html><head><title>Hidden</title><style>p{color:red}</style></head><body>"
            + "<h1>Fresh from the roaster</h1><p>Our Colombia is here. It tastes of"
            + " <b>caramel</b>.</p><ul><li>Free shipping</li><li>Roasted Tuesday</li></ul>"
            + "<p>Cheers,<br>The team</p></body></html>";

    assertThat(EmailText.sentences(email("Hello", null, html, " ")))
        .extracting(Sentence::text)
        .containsExactly(
            "Hello",
            "Fresh from the roaster",
            "Our Colombia is here.",
            "It tastes of caramel.",
            "Free shipping",
            "Roasted Tuesday",
            "Cheers,",
            "The team");
  }

  @Test
  void readsMergeTagsAsTheirDefaultsOrFieldNames() {
    assertThat(
            EmailText.sentences(
                email(
                    "{{ first_name | default: \"Hi\" }}, your guide is here",
                    null,
                    null,
                    "Five routes near {{ city }}.")))
        .extracting(Sentence::text)
        .containsExactly("Hi, your guide is here", "Five routes near [city].");
  }
}
