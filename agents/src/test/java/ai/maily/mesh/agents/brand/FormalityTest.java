package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormalityTest {

  @Test
  void findsLegalAndBureaucraticPhrases() {
    Formality formal =
        Formality.of(
            "Please be advised that, pursuant to our terms, we shall utilize your data"
                + " in accordance with the policy.");

    assertThat(formal.formal())
        .containsExactly(
            "Please be advised", "pursuant to", "shall", "utilize", "in accordance with");
    assertThat(formal.casual()).isEmpty();
    assertThat(formal.score()).isEqualTo(5.0 / 6);
  }

  @Test
  void findsContractionsSlangExclamationsAndEmoji() {
    Formality casual = Formality.of("Hey folks, we're stoked — grab a bag, it's awesome! \u2615");

    assertThat(casual.formal()).isEmpty();
    assertThat(casual.casual())
        .containsExactly(
            "Hey", "folks", "stoked", "grab", "awesome", "we're", "it's", "!", "\u2615");
    assertThat(casual.score()).isEqualTo(-9.0 / 10);
  }

  @Test
  void possessivesAreNotContractions() {
    assertThat(Formality.of("Beanstalk's roaster is Anna's pride.").casual()).isEmpty();
  }

  @Test
  void matchesWholeWordsOnly() {
    // "superb" is not "super", "shallow" not "shall", "heyday" not "hey".
    assertThat(Formality.of("A superb, shallow roast from our heyday.").formal()).isEmpty();
    assertThat(Formality.of("A superb, shallow roast from our heyday.").casual()).isEmpty();
  }

  @Test
  void aPlainSentenceIsNeutral() {
    Formality plain = Formality.of("Our Winter Blend has notes of dark chocolate.");

    assertThat(plain.score()).isZero();
  }

  @Test
  void mixedCuesBalanceOut() {
    assertThat(Formality.of("Kindly grab your bag.").score()).isZero();
  }
}
