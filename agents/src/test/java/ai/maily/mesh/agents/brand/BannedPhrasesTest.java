package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BannedPhrasesTest {

  @Test
  void aPreferenceToAvoidQuotedPhrasesBansThem() {
    BannedPhrases banned =
        BannedPhrases.fromPreferences(
            List.of(
                "Never write 'act now' or “Limited  Time Only” in our emails.",
                "Don't use \"cheap\"; say 'good value' instead.",
                "Avoid 'ACT NOW'."));

    assertThat(banned.phrases())
        .containsExactly("act now", "limited time only", "cheap", "good value");
  }

  @Test
  void aPreferenceWithoutAnAvoidingWordBansNothing() {
    assertThat(
            BannedPhrases.fromPreferences(
                    List.of("We prefer 'you' to 'customers'.", "Sign off with 'Cheers'."))
                .phrases())
        .isEmpty();
  }

  @Test
  void apostrophesInsideWordsAreNotQuotes() {
    assertThat(
            BannedPhrases.fromPreferences(List.of("Don't say 'don't miss out' — it's pushy."))
                .phrases())
        .containsExactly("don't miss out");
    assertThat(BannedPhrases.fromPreferences(List.of("We don't ever write 'hurry'.")).phrases())
        .containsExactly("hurry");
  }

  @Test
  void findsBannedPhrasesAsWholeWordsWhateverTheCaseAndSpacing() {
    BannedPhrases banned =
        BannedPhrases.fromPreferences(List.of("Never say 'act now' or 'cheap'."));

    assertThat(banned.foundIn("Act   NOW, before it's gone!")).containsExactly("act now");
    assertThat(banned.foundIn("Cheap beans? Never.")).containsExactly("cheap");
    assertThat(banned.foundIn("We react nowhere near as cheaply.")).isEmpty();
  }
}
