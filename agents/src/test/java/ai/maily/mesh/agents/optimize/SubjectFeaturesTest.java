package ai.maily.mesh.agents.optimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SubjectFeaturesTest {

  private static Map<String, Double> effects(String subject) {
    return SubjectFeatures.of(subject).stream()
        .collect(Collectors.toMap(Effect::feature, Effect::logOdds));
  }

  @Test
  void aPlainDescriptiveSubjectHasNoEffects() {
    assertThat(
            SubjectFeatures.of("Meet the Trailhead 2 hiking boots").stream().map(Effect::feature))
        .containsExactly("number");
    assertThat(SubjectFeatures.of("Your spring trail guide is here")).isEmpty();
  }

  @Test
  void readsPersonalisationAndLocalisationFromMergeTags() {
    Map<String, Double> effects =
        effects("{{ first_name | default: \"Hi\" }}, new trails near {{ city }}");

    assertThat(effects)
        .containsEntry("personalised", SubjectFeatures.PERSONALISED)
        .containsEntry("localised", SubjectFeatures.LOCALISED);
  }

  @Test
  void weighsWordsTheStudiesFoundForAndAgainstOpens() {
    assertThat(effects("Last chance: 20% off ends Sunday"))
        .containsEntry("urgency", SubjectFeatures.URGENCY)
        .containsEntry("number", SubjectFeatures.NUMBER);
    assertThat(effects("You're invited: Spring Trail Day"))
        .containsEntry("positive", SubjectFeatures.POSITIVE);
    assertThat(effects("A friendly reminder about your order"))
        .containsEntry("negative-words", SubjectFeatures.NEGATIVE);
    assertThat(effects("Still thinking about the boots?"))
        .containsEntry("question", SubjectFeatures.QUESTION);
  }

  @Test
  void penalisesLengthBeyondWhatInboxesShow() {
    assertThat(effects("a".repeat(55))).containsEntry("length", SubjectFeatures.LONG);
    assertThat(effects("a".repeat(70))).containsEntry("length", SubjectFeatures.TOO_LONG);
    assertThat(effects("a".repeat(50))).doesNotContainKey("length");
  }

  @Test
  void penalisesSpamTriggersByWhatComplianceDeductsForThem() {
    // RE: prefix (error, 1.5), capitals (warning, 0.5), exclamations (error, 1.5),
    // spam phrases "act now", "free gift" (warning, 0.5): four points.
    List<Effect> effects = SubjectFeatures.of("RE: FREE GIFT INSIDE, act now!!!");

    Effect spam =
        effects.stream().filter(e -> e.feature().equals("spam-triggers")).findFirst().orElseThrow();
    assertThat(spam.logOdds()).isCloseTo(-0.25 * 4.0, within(1e-9));
    assertThat(spam.detail())
        .contains(
            "deceptive-subject-prefix", "subject-all-caps", "subject-exclamation", "spam-phrases");
  }

  @Test
  void showsMergeTagsAsTheirDefaults() {
    assertThat(SubjectFeatures.asSeen("{{ first_name | default: \"Hi\" }}, meet {{ product }}"))
        .isEqualTo("Hi, meet");
  }

  @Test
  void explainsAnEffectAsAnOddsRatio() {
    assertThat(new Effect("personalised", 0.08, "first_name").reason())
        .isEqualTo("personalised (first_name): odds ×1.08");
  }
}
