package ai.maily.mesh.agents.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Compliance's rules on a model's lines, read as a recipient sees them. */
class CopyChecksTest {

  @Test
  void aSubjectIsMeasuredWithItsMergeTagsAsTheirDefaults() {
    String subject = "{{ first_name | default: \"Hi\" }}, five spring trails within an hour of you";

    assertThat(subject.length()).isGreaterThan(60);
    assertThat(CopyChecks.seen(subject)).isEqualTo("Hi, five spring trails within an hour of you");
    assertThat(CopyChecks.subjectFlags(subject)).isEmpty();
  }

  @Test
  void aSubjectThatBreaksRulesIsFlaggedWithEachRuleOnce() {
    assertThat(CopyChecks.subjectFlags("RE: FREE MONEY, act now!!"))
        .containsExactly(
            "deceptive-subject-prefix", "subject-all-caps", "subject-exclamation", "spam-phrases");
  }

  @Test
  void aTextWithASpamPhraseIsFlaggedOnce() {
    assertThat(CopyChecks.phraseFlags("Click here for a free gift, act now"))
        .containsExactly("spam-phrases");
    assertThat(CopyChecks.phraseFlags("Five routes within an hour of the city")).isEmpty();
  }
}
