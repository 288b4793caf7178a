package ai.maily.mesh.agents.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class BodyFeaturesTest {

  private static final String WORDS = " Spring is here and the trails are open again.".repeat(7);

  @Test
  void aBodyWithALinkAndEnoughWordsHasNoEffects() {
    assertThat(BodyFeatures.of(WORDS + " Read it: https://acme.com/guide", Optional.empty()))
        .isEmpty();
  }

  @Test
  void aBodyWithoutALinkCanHardlyBeClicked() {
    assertThat(BodyFeatures.of(WORDS, Optional.empty()))
        .extracting(Effect::feature, Effect::logOdds)
        .containsExactly(Tuple.tuple("no-link", BodyFeatures.NO_LINK));
  }

  @Test
  void findsTheLinkInTheHtmlToo() {
    assertThat(BodyFeatures.of(WORDS, Optional.of("<p><a href=\"https://acme.com\">Go</a></p>")))
        .isEmpty();
  }

  @Test
  void weighsLengthPersonalisationAndSpamPhrases() {
    assertThat(
            BodyFeatures.of(
                    "Hi {{ first_name }}, act now and click here for a free gift:"
                        + " https://acme.com",
                    Optional.empty())
                .stream()
                .map(Effect::feature))
        .containsExactly("length", "personalised", "spam-phrases");
  }
}
