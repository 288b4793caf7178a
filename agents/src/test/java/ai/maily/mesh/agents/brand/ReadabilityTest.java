package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Flesch's formulas on texts whose scores are known. */
class ReadabilityTest {

  @Test
  void theCatSatOnTheMatIsVeryEasy() {
    Readability cat = Readability.of(List.of("The cat sat on the mat."));

    assertThat(cat).isEqualTo(new Readability(1, 6, 6));
    // 206.835 - 1.015 x 6 - 84.6 x 1
    assertThat(cat.readingEase()).isCloseTo(116.145, within(1e-9));
    // 0.39 x 6 + 11.8 x 1 - 15.59
    assertThat(cat.gradeLevel()).isCloseTo(-1.45, within(1e-9));
  }

  @Test
  void thePlatypusSentenceScores24Point4() {
    // The example of the Flesch reading-ease test's literature: 13 words, 26 syllables.
    Readability platypus =
        Readability.of(
            List.of(
                "The Australian platypus is seemingly a hybrid of a mammal and reptilian"
                    + " creature."));

    assertThat(platypus).isEqualTo(new Readability(1, 13, 26));
    assertThat(platypus.readingEase()).isCloseTo(24.4, within(0.05));
  }

  @Test
  void averagesOverSentences() {
    Readability two = Readability.of(List.of("The cat sat on the mat.", "The dog ran."));

    assertThat(two).isEqualTo(new Readability(2, 9, 9));
    assertThat(two.wordsPerSentence()).isEqualTo(4.5);
    assertThat(two.readingEase()).isCloseTo(206.835 - 1.015 * 4.5 - 84.6, within(1e-9));
  }

  @Test
  void plainMarketingCopyIsEasierThanLegalese() {
    Readability plain =
        Readability.of(
            Sentences.split(
                "Our new Colombia is here. It tastes like caramel and red apple. We roasted it on"
                    + " Tuesday, so it is fresh. Grab a bag this week."));
    Readability legal =
        Readability.of(
            Sentences.split(
                "Notwithstanding the aforementioned provisions, subscription charges shall be"
                    + " applied in accordance with the applicable remuneration schedule, and any"
                    + " modification thereof shall constitute acceptance of the amended terms."));

    assertThat(plain.readingEase()).isGreaterThan(80);
    assertThat(legal.readingEase()).isLessThan(10);
    assertThat(legal.gradeLevel()).isGreaterThan(plain.gradeLevel() + 10);
  }

  @Test
  void countsWordsWithInnerApostrophesAndHyphensOnce() {
    assertThat(Readability.words("It's a small-batch roast — don't miss it!"))
        .containsExactly("It's", "a", "small-batch", "roast", "don't", "miss", "it");
  }

  @Test
  void aTextWithoutWordsScoresZero() {
    Readability none = Readability.of(List.of("!!!", "—"));

    assertThat(none.words()).isZero();
    assertThat(none.readingEase()).isZero();
    assertThat(none.wordsPerSentence()).isZero();
  }
}
