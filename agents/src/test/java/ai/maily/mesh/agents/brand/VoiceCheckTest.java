package ai.maily.mesh.agents.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.maily.mesh.agents.brand.VoiceCheck.Sentence;
import ai.maily.mesh.agents.brand.VoiceReport.Flag;
import ai.maily.mesh.agents.brand.VoiceReport.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The score and flags for given similarities, without a model: what each reason takes. */
class VoiceCheckTest {

  private static final BannedPhrases NONE = BannedPhrases.fromPreferences(List.of());
  private static final BrandProfile CASUAL_BRAND =
      BrandProfile.of(
          List.of(
              "Hey friend, our Ethiopia Guji just landed. It's bright, juicy and a little floral."
                  + " Grab a bag before it's gone!",
              "Cold mornings call for something cozy. Our Winter Blend has notes of dark chocolate"
                  + " and toasted hazelnut."));

  private static List<Sentence> body(String... sentences) {
    return List.of(sentences).stream().map(s -> new Sentence("body", s)).toList();
  }

  private static List<String> codes(Flag flag) {
    return flag.reasons().stream().map(Reason::code).toList();
  }

  @Test
  void aBrandsSamplesGiveItsProfile() {
    assertThat(CASUAL_BRAND.fromSamples()).isTrue();
    assertThat(CASUAL_BRAND.register()).isEqualTo("casual");
    assertThat(CASUAL_BRAND.wordsPerSentence()).isCloseTo(7.4, within(0.01));
    assertThat(CASUAL_BRAND.maxSentenceWords()).isEqualTo(25);
    assertThat(CASUAL_BRAND.readingEase()).isBetween(60.0, 80.0);
    assertThat(BrandProfile.of(List.of())).isEqualTo(BrandProfile.GENERAL);
  }

  @Test
  void onVoiceContentScoresHighWithoutFlags() {
    VoiceReport report =
        VoiceCheck.check(
            body(
                "Our new Colombia is here.",
                "It tastes like caramel and red apple, so grab a bag."),
            List.of(0.45, 0.42),
            3,
            CASUAL_BRAND,
            NONE);

    assertThat(report.flags()).isEmpty();
    assertThat(report.onVoice()).isTrue();
    assertThat(report.score()).isGreaterThanOrEqualTo(85);
    assertThat(report.samples()).isEqualTo(3);
    assertThat(report.fit().similarity()).hasValue(1.0);
  }

  @Test
  void flagsEachOffVoiceSentenceWithItsReasons() {
    BannedPhrases banned = BannedPhrases.fromPreferences(List.of("Never say 'act now'."));
    VoiceReport report =
        VoiceCheck.check(
            List.of(
                new Sentence("subject", "Act now: our Winter Blend is back"),
                new Sentence(
                    "body",
                    "We hereby inform you that, pursuant to our updated terms, subscription"
                        + " charges shall be applied in accordance with the schedule."),
                new Sentence(
                    "body",
                    "Diversify your portfolio with our new high-yield crypto staking product."),
                new Sentence(
                    "body",
                    "Our roasters spent the whole summer travelling between the farms we buy from"
                        + " in Colombia, Ethiopia and Guatemala to taste every single lot with the"
                        + " farmers before it shipped.")),
            List.of(0.35, 0.19, 0.17, 0.38),
            3,
            CASUAL_BRAND,
            banned);

    assertThat(report.flags()).hasSize(4);
    assertThat(codes(report.flags().get(0))).containsExactly("banned-phrase");
    assertThat(report.flags().get(0).part()).isEqualTo("subject");
    assertThat(report.flags().get(0).reasons().get(0).message()).contains("'act now'");
    assertThat(codes(report.flags().get(1))).containsExactly("too-formal", "far-from-brand");
    assertThat(report.flags().get(1).reasons().get(0).message())
        .contains("'hereby'", "'pursuant to'", "'shall'", "casual");
    assertThat(codes(report.flags().get(2))).containsExactly("far-from-brand");
    assertThat(report.flags().get(2).reasons().get(0).message()).contains("0.17");
    assertThat(codes(report.flags().get(3))).containsExactly("too-long");
    assertThat(report.flags().get(3).reasons().get(0).message()).contains("29 words");
    assertThat(report.onVoice()).isFalse();
  }

  @Test
  void eachBannedPhraseCosts15Points() {
    List<Sentence> content = body("Act now, it is cheap and good.");
    BannedPhrases banned =
        BannedPhrases.fromPreferences(List.of("Never say 'act now' or 'cheap'."));

    int clean = VoiceCheck.check(content, List.of(0.4), 1, CASUAL_BRAND, NONE).score();
    int penalised = VoiceCheck.check(content, List.of(0.4), 1, CASUAL_BRAND, banned).score();

    assertThat(penalised).isEqualTo(clean - 30);
  }

  @Test
  void shortSentencesAreNeverFarFromTheBrand() {
    VoiceReport report =
        VoiceCheck.check(
            body("Hi Anna,", "Click here to unsubscribe."),
            List.of(0.05, 0.1),
            2,
            CASUAL_BRAND,
            NONE);

    assertThat(report.flags()).isEmpty();
  }

  @Test
  void aFormalBrandFindsCasualSentencesTooCasual() {
    BrandProfile formal =
        BrandProfile.of(
            List.of(
                "Please be advised that the annual statement is enclosed. Kindly review it at your"
                    + " earliest convenience. Furthermore, the revised terms shall apply from"
                    + " January."));

    VoiceReport report =
        VoiceCheck.check(
            body("Hey folks, grab your statement, it's awesome!"), List.of(0.3), 1, formal, NONE);

    assertThat(formal.register()).isEqualTo("formal");
    assertThat(codes(report.flags().get(0))).containsExactly("too-casual");
  }

  @Test
  void withoutSamplesItScoresReadabilityLengthAndFormalityAlone() {
    VoiceReport plain =
        VoiceCheck.check(
            body("Our new Colombia is here.", "It tastes like caramel and red apple."),
            List.of(),
            0,
            BrandProfile.GENERAL,
            NONE);
    VoiceReport stiff =
        VoiceCheck.check(
            body(
                "Please be advised that, notwithstanding the aforementioned considerations,"
                    + " remittance shall be effected prior to the commencement of the subsequent"
                    + " contractual period in accordance with the applicable schedule."),
            List.of(),
            0,
            BrandProfile.GENERAL,
            NONE);

    assertThat(plain.samples()).isZero();
    assertThat(plain.fit().similarity()).isEmpty();
    assertThat(plain.metrics().similarity()).isEmpty();
    assertThat(plain.score()).isGreaterThanOrEqualTo(80);
    assertThat(stiff.score()).isLessThan(40);
    assertThat(codes(stiff.flags().get(0))).containsExactly("too-formal", "too-long");
    assertThat(stiff.flags().get(0).reasons().get(0).message())
        .contains("plain and conversational");
  }

  @Test
  void withoutSamplesACasualSentenceIsFine() {
    VoiceReport report =
        VoiceCheck.check(
            body("Hey, grab a bag — it's awesome!"), List.of(), 0, BrandProfile.GENERAL, NONE);

    assertThat(report.flags()).isEmpty();
  }

  @Test
  void needsOneSimilarityPerSentence() {
    assertThatThrownBy(
            () -> VoiceCheck.check(body("One.", "Two."), List.of(0.3), 1, CASUAL_BRAND, NONE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
